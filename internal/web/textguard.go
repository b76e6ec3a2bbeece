package web

import (
	"net/url"
	"reflect"
	"strings"
	"unicode/utf8"

	"asnpro/internal/apperr"
)

// Every text that arrives — query parameters, form fields, JSON strings —
// must be valid UTF-8 without control characters other than tab, CR and
// LF, before any handler sees it: PostgreSQL refuses a NUL in text (a 500
// otherwise), and no field of asnpro has a use for the others. The
// services then apply their own rules (textcheck: NFC, no direction
// overrides, no invisible characters in names, …).

// badRawText reports whether s cannot be a value of any field.
func badRawText(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			return true
		}
	}
	return false
}

func errRawText(field string) error {
	m := apperr.M("web.raw_text")
	return &apperr.Error{Code: apperr.Invalid, Msg: m, FieldMsgs: map[string]apperr.Msg{field: m}}
}

// checkValues refuses (invalid, naming the field) a query or form value
// that badRawText refuses; names are checked too.
func checkValues(vs url.Values) error {
	for k, v := range vs {
		if badRawText(k) {
			return errRawText("_")
		}
		for _, x := range v {
			if badRawText(x) {
				return errRawText(k)
			}
		}
	}
	return nil
}

// checkJSONText walks a decoded request body and refuses the first string
// that badRawText refuses, naming it by its JSON path (e.g. "name",
// "changes.unit", "notes.ijazah").
func checkJSONText(v any) error {
	if f := badJSONPath(reflect.ValueOf(v), ""); f != "" {
		return errRawText(f)
	}
	return nil
}

func badJSONPath(v reflect.Value, path string) string {
	join := func(p, k string) string {
		if p == "" {
			return k
		}
		return p + "." + k
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		return badJSONPath(v.Elem(), path)
	case reflect.String:
		if badRawText(v.String()) {
			if path == "" {
				return "_"
			}
			return path
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name := sf.Name
			if tag := sf.Tag.Get("json"); tag != "" {
				if tag == "-" {
					continue
				}
				if n, _, _ := strings.Cut(tag, ","); n != "" {
					name = n
				}
			}
			if sf.Anonymous {
				name = ""
			}
			p := path
			if name != "" {
				p = join(path, name)
			}
			if f := badJSONPath(v.Field(i), p); f != "" {
				return f
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			k := it.Key()
			ks := ""
			if k.Kind() == reflect.String {
				ks = k.String()
				if badRawText(ks) {
					return join(path, "_")
				}
			}
			if f := badJSONPath(it.Value(), join(path, ks)); f != "" {
				return f
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return ""
		}
		for i := range v.Len() {
			if f := badJSONPath(v.Index(i), path); f != "" {
				return f
			}
		}
	}
	return ""
}
