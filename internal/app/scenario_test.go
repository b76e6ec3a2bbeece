package app_test

import (
	"strings"
	"testing"
)

// scenario is one API request and the answer it must get: the status,
// and for an error its code, the fields it names and a part of its
// message. Tables of scenarios check bad input in the app tests.
type scenario struct {
	name         string
	as           *api // who calls
	method, path string
	body         any
	hdr          []string // header name, value, ...
	status       int
	code         string   // error code; "" checks none
	fields       []string // error.fields that must be named
	msg          string   // part of error.message; "" checks none
	has, hasNot  string   // text the raw answer must (not) hold; "" checks none
}

// run makes the request and checks the answer; it returns the decoded
// body for further checks.
func (sc scenario) run(t *testing.T) map[string]any {
	t.Helper()
	code, m, b := sc.as.call(sc.method, sc.path, sc.body, sc.hdr...)
	expect(t, sc.name, code, m, b, sc.status, sc.code)
	if e, _ := m["error"].(map[string]any); sc.code != "" && e["message"] == "" {
		t.Fatalf("%s: error without a message: %s", sc.name, b)
	}
	for _, f := range sc.fields {
		if errField(m, f) == "" {
			t.Fatalf("%s: error.fields.%s missing: %s", sc.name, f, b)
		}
	}
	if sc.msg != "" {
		e, _ := m["error"].(map[string]any)
		if msg, _ := e["message"].(string); !strings.Contains(msg, sc.msg) {
			t.Fatalf("%s: message %q, want it to contain %q", sc.name, msg, sc.msg)
		}
	}
	if sc.has != "" && !strings.Contains(string(b), sc.has) {
		t.Fatalf("%s: the answer does not hold %q: %.300s", sc.name, sc.has, b)
	}
	if sc.hasNot != "" && strings.Contains(string(b), sc.hasNot) {
		t.Fatalf("%s: the answer holds %q: %.300s", sc.name, sc.hasNot, b)
	}
	return m
}

// runScenarios runs scs in order.
func runScenarios(t *testing.T, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		sc.run(t)
	}
}
