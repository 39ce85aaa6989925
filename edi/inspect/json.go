package inspect

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the document as indented JSON with a final newline.
// Characters such as & and < are written as they are, not escaped.
func (d *Document) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}
