package posting

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// object is a JSON object read one level deep: its members in their order,
// each value as the bytes it was written with. Changing one member and
// writing the object back leaves the others as they were, so a claim
// document keeps its fields, order and number formats. Documents come
// from the claims decoder, which has already checked that they are JSON.
type object struct {
	keys []string
	vals []json.RawMessage
}

var errNotObject = errors.New("not a JSON object")

// parseObject reads raw as an object; null and empty input give an empty
// one. It walks the bytes itself rather than through encoding/json, which
// would decode every member only to keep its bytes: intake rewrites every
// claim whose lines lack control numbers, and this is on its path.
func parseObject(raw []byte) (*object, error) {
	raw = bytes.TrimSpace(raw)
	o := &object{}
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return o, nil
	}
	if raw[0] != '{' {
		return nil, errNotObject
	}
	i := skipSpace(raw, 1)
	if i < len(raw) && raw[i] == '}' {
		return o, nil
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return nil, errNotObject
		}
		end, err := skipString(raw, i)
		if err != nil {
			return nil, err
		}
		key := string(raw[i+1 : end-1])
		if bytes.IndexByte(raw[i:end], '\\') >= 0 {
			if err := json.Unmarshal(raw[i:end], &key); err != nil {
				return nil, fmt.Errorf("read JSON member name: %w", err)
			}
		}
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return nil, errNotObject
		}
		start := skipSpace(raw, i+1)
		stop, err := skipValue(raw, start)
		if err != nil {
			return nil, err
		}
		o.keys, o.vals = append(o.keys, key), append(o.vals, json.RawMessage(raw[start:stop]))
		i = skipSpace(raw, stop)
		switch {
		case i < len(raw) && raw[i] == ',':
			i = skipSpace(raw, i+1)
		case i < len(raw) && raw[i] == '}':
			return o, nil
		default:
			return nil, errNotObject
		}
	}
}

// errBadJSON is returned for bytes that end before a value does.
var errBadJSON = errors.New("malformed JSON")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string that starts at i.
func skipString(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errBadJSON
}

// skipValue returns the index just past the value that starts at i: a
// string, an object or array (counting brackets outside strings), or a
// scalar running to the next delimiter.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errBadJSON
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := skipString(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errBadJSON
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' &&
		b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	if j == i {
		return 0, errBadJSON
	}
	return j, nil
}

// parseArray reads raw as an array of values, kept as their bytes.
func parseArray(raw []byte) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return nil, errors.New("not a JSON array")
	}
	var out []json.RawMessage
	i := skipSpace(raw, 1)
	if i < len(raw) && raw[i] == ']' {
		return out, nil
	}
	for {
		stop, err := skipValue(raw, i)
		if err != nil {
			return nil, err
		}
		out = append(out, json.RawMessage(raw[i:stop]))
		i = skipSpace(raw, stop)
		switch {
		case i < len(raw) && raw[i] == ',':
			i = skipSpace(raw, i+1)
		case i < len(raw) && raw[i] == ']':
			return out, nil
		default:
			return nil, errBadJSON
		}
	}
}

// index is the position of key's last occurrence (the one a decoder keeps),
// or -1.
func (o *object) index(key string) int {
	for i := len(o.keys) - 1; i >= 0; i-- {
		if o.keys[i] == key {
			return i
		}
	}
	return -1
}

// get returns key's value.
func (o *object) get(key string) (json.RawMessage, bool) {
	if i := o.index(key); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

// set replaces key's value, or adds the member at the end.
func (o *object) set(key string, v json.RawMessage) {
	if i := o.index(key); i >= 0 {
		o.vals[i] = v
		return
	}
	o.keys, o.vals = append(o.keys, key), append(o.vals, v)
}

// bytes writes the object back.
func (o *object) bytes() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k) // a string always marshals
		b.Write(kb)
		b.WriteByte(':')
		b.Write(o.vals[i])
	}
	b.WriteByte('}')
	return b.Bytes()
}

// setPath sets the member at path (keys of nested objects) to v, making
// the objects on the way when they are missing or null.
func setPath(doc []byte, path []string, v json.RawMessage) ([]byte, error) {
	o, err := parseObject(doc)
	if err != nil {
		return nil, err
	}
	if len(path) == 1 {
		o.set(path[0], v)
		return o.bytes(), nil
	}
	child, _ := o.get(path[0])
	nv, err := setPath(child, path[1:], v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path[0], err)
	}
	o.set(path[0], nv)
	return o.bytes(), nil
}

// setString is setPath with a string value.
func setString(doc []byte, path []string, s string) ([]byte, error) {
	v, _ := json.Marshal(s) // a string always marshals
	return setPath(doc, path, v)
}

// setLineMembers sets key in the service lines named by values (0-based
// index to string) of claimInformation.serviceLines.
func setLineMembers(doc []byte, key string, values map[int]string) ([]byte, error) {
	if len(values) == 0 {
		return doc, nil
	}
	top, err := parseObject(doc)
	if err != nil {
		return nil, err
	}
	ciRaw, _ := top.get("claimInformation")
	ci, err := parseObject(ciRaw)
	if err != nil {
		return nil, fmt.Errorf("claimInformation: %w", err)
	}
	linesRaw, _ := ci.get("serviceLines")
	lines, err := parseArray(linesRaw)
	if err != nil {
		return nil, fmt.Errorf("claimInformation.serviceLines: %w", err)
	}
	for i, s := range values {
		if i < 0 || i >= len(lines) {
			return nil, fmt.Errorf("claimInformation.serviceLines has no line %d", i)
		}
		if lines[i], err = setString(lines[i], []string{key}, s); err != nil {
			return nil, fmt.Errorf("claimInformation.serviceLines[%d]: %w", i, err)
		}
	}
	var b bytes.Buffer
	b.WriteByte('[')
	for i, l := range lines {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(l)
	}
	b.WriteByte(']')
	ci.set("serviceLines", b.Bytes())
	top.set("claimInformation", ci.bytes())
	return top.bytes(), nil
}
