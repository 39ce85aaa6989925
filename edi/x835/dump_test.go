package x835

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// dumper renders items as indented text, one field per line, leaving out
// zero values. Golden files and round-trip comparisons are built on it:
// with positions, findings and envelopes left out, two reads of the same
// values give the same text whatever their segments' places.
type dumper struct {
	b         strings.Builder
	positions bool // print "@ordinal" for positions and render findings
}

var (
	positionType = reflect.TypeOf(edi.Position{})
	amountType   = reflect.TypeOf(edi.Amount(0))
	findingsType = reflect.TypeOf(edi.Findings(nil))
	envelopeType = reflect.TypeOf(Envelope{})
)

func dumpItems(items []Item, positions bool) string {
	d := &dumper{positions: positions}
	var hdr *HeaderNumber
	for _, it := range items {
		if c, ok := it.(*Claim); ok && c.Header != hdr {
			hdr = c.Header
			d.value(0, "HEADERNUMBER", reflect.ValueOf(hdr))
		}
		if _, ok := it.(*Payment); ok {
			hdr = nil
		}
		v := reflect.ValueOf(it)
		d.line(0, "%s", strings.ToUpper(v.Elem().Type().Name()))
		d.fields(1, v.Elem())
	}
	return d.b.String()
}

// dumpOf renders v, a value or a pointer, without positions or findings.
func dumpOf(v any) string {
	d := &dumper{}
	d.value(0, "", reflect.ValueOf(v))
	return d.b.String()
}

func (d *dumper) line(depth int, format string, args ...any) {
	d.b.WriteString(strings.Repeat("  ", depth))
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

// fields prints the non-zero fields of struct v.
func (d *dumper) fields(depth int, v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		if f.Tag.Get("json") == "-" || d.empty(fv) {
			continue
		}
		d.value(depth, f.Name, fv)
	}
}

// empty reports whether v prints nothing: it is zero, or, when positions
// are left out, all that is not zero in it is positions, findings or an
// envelope.
func (d *dumper) empty(v reflect.Value) bool {
	if v.IsZero() {
		return true
	}
	if d.positions {
		return false
	}
	switch v.Type() {
	case positionType, findingsType, envelopeType:
		return true
	}
	switch v.Kind() {
	case reflect.Pointer:
		return false // a present part prints its name
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).Tag.Get("json") != "-" && !d.empty(v.Field(i)) {
				return false
			}
		}
		return true
	}
	return false
}

func (d *dumper) value(depth int, name string, v reflect.Value) {
	switch {
	case v.Type() == positionType:
		if d.positions {
			d.line(depth, "%s: @%d", name, v.Interface().(edi.Position).Ordinal)
		}
		return
	case v.Type() == findingsType:
		if d.positions {
			for _, f := range v.Interface().(edi.Findings) {
				d.line(depth, "finding: %s %s", f.Severity, f.Error())
			}
		}
		return
	case v.Type() == envelopeType && !d.positions:
		return // the envelope is the writer's caller's
	case v.Type() == amountType:
		d.line(depth, "%s: %s", name, v.Interface().(edi.Amount))
		return
	}
	switch v.Kind() {
	case reflect.String:
		d.line(depth, "%s: %q", name, v.String())
	case reflect.Int:
		d.line(depth, "%s: %d", name, v.Int())
	case reflect.Uint8:
		d.line(depth, "%s: %q", name, rune(v.Uint()))
	case reflect.Pointer:
		if !v.IsNil() {
			d.value(depth, name, v.Elem())
		}
	case reflect.Struct:
		d.line(depth, "%s:", name)
		d.fields(depth+1, v)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			d.value(depth, fmt.Sprintf("%s[%d]", name, i), v.Index(i))
		}
	case reflect.Array:
		var parts []string
		for i := 0; i < v.Len(); i++ {
			parts = append(parts, fmt.Sprintf("%q", v.Index(i).Interface()))
		}
		d.line(depth, "%s: [%s]", name, strings.Join(parts, " "))
	default:
		d.line(depth, "%s: %v", name, v.Interface())
	}
}
