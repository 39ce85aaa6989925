package edi

// corpusDir holds public sample files shared by the developers' machines;
// tests that read it skip the files when it is absent.
const corpusDir = "../../shared/corpus"
