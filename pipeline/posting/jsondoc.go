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
// document keeps its fields, order and number formats.
type object struct {
	keys []string
	vals []json.RawMessage
}

var errNotObject = errors.New("not a JSON object")

// parseObject reads raw as an object; null and empty input give an empty
// one.
func parseObject(raw []byte) (*object, error) {
	raw = bytes.TrimSpace(raw)
	o := &object{}
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return o, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errNotObject
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read JSON member: %w", err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errNotObject
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("read JSON member: %w", err)
		}
		o.keys, o.vals = append(o.keys, key), append(o.vals, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("read JSON object end: %w", err)
	}
	return o, nil
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
	var lines []json.RawMessage
	if err := json.Unmarshal(linesRaw, &lines); err != nil {
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
