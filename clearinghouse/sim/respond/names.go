package respond

import (
	"fmt"
	"path"
	"strings"
	"time"
)

// stem returns the base of an upload's name without its extension and
// without leading dots, the part every answer's name starts from.
func stem(name string) string {
	base := path.Base(name)
	if ext := path.Ext(base); ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	base = strings.TrimLeft(base, ".")
	if base == "" || base == "/" {
		return "upload"
	}
	return base
}

// ackName returns the name of an acknowledgment with extension ext
// ("ta1", "999", "277").
func (sc *Scenario) ackName(upload, ext string) string {
	return sc.Files.Prefix + stem(upload) + "." + ext
}

// remitName returns the name of the n-th 835 of an upload, from 1, paid
// on day.
func (sc *Scenario) remitName(upload string, day time.Time, n int) string {
	return fmt.Sprintf("%s%s_%s_%02d.835", sc.Files.Prefix, stem(upload),
		day.Format("20060102"), n)
}
