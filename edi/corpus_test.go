package edi

import "github.com/claimflow/claimflow/edi/internal/corpus"

// corpusDir holds public sample files shared by the developers' machines;
// tests that read it skip the files when it is absent.
var corpusDir = corpus.Dir()
