package chain

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
var appendixB = []struct{ bits, want string }{
	{"0000000000000000", "0"},
	{"8000000000000000", "0"}, // minus zero
	{"0000000000000001", "5e-324"},
	{"8000000000000001", "-5e-324"},
	{"7fefffffffffffff", "1.7976931348623157e+308"},
	{"ffefffffffffffff", "-1.7976931348623157e+308"},
	{"4340000000000000", "9007199254740992"},
	{"c340000000000000", "-9007199254740992"},
	{"4430000000000000", "295147905179352830000"},
	{"44b52d02c7e14af5", "9.999999999999997e+22"},
	{"44b52d02c7e14af6", "1e+23"},
	{"44b52d02c7e14af7", "1.0000000000000001e+23"},
	{"444b1ae4d6e2ef4e", "999999999999999700000"},
	{"444b1ae4d6e2ef4f", "999999999999999900000"},
	{"444b1ae4d6e2ef50", "1e+21"},
	{"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"},
	{"3eb0c6f7a0b5ed8d", "0.000001"},
	{"41b3de4355555553", "333333333.3333332"},
	{"41b3de4355555554", "333333333.33333325"},
	{"41b3de4355555555", "333333333.3333333"},
	{"41b3de4355555556", "333333333.3333334"},
	{"41b3de4355555557", "333333333.33333343"},
	{"becbf647612f3696", "-0.0000033333333333333333"},
	{"43143ff3c1cb0959", "1424953923781206.2"}, // round to even
}

func fromBits(t *testing.T, s string) float64 {
	t.Helper()
	u, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return math.Float64frombits(u)
}

func TestAppendNumberAppendixB(t *testing.T) {
	for _, tt := range appendixB {
		f := fromBits(t, tt.bits)
		got, err := AppendNumber(nil, f)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.bits, got, err, tt.want)
		}
		// The same through Canonicalize, from Go's own spelling of the number.
		in := strconv.FormatFloat(f, 'g', -1, 64)
		if c, err := Canonicalize([]byte(in)); err != nil || string(c) != tt.want {
			t.Errorf("Canonicalize(%s) = %q, %v; want %q", in, c, err, tt.want)
		}
	}
	// NaN and Infinity (7fffffffffffffff, 7ff0000000000000) have no JSON form.
	for _, bits := range []string{"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"} {
		if _, err := AppendNumber(nil, fromBits(t, bits)); err == nil {
			t.Errorf("%s: no error", bits)
		}
	}
}

func TestAppendNumberForms(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1, "1"}, {-1, "-1"}, {10, "10"}, {4.5, "4.5"}, {0.002, "0.002"}, {100, "100"},
		{1e20, "100000000000000000000"}, {1e21, "1e+21"}, {-1e21, "-1e+21"}, {1.5e21, "1.5e+21"},
		{123456789012345680000, "123456789012345680000"}, {1e30, "1e+30"}, {1e100, "1e+100"},
		{1e-6, "0.000001"}, {1.5e-6, "0.0000015"}, {0.000001234, "0.000001234"}, {1e-7, "1e-7"}, {-1e-7, "-1e-7"},
		{1.5e-7, "1.5e-7"}, {1e-27, "1e-27"}, {0.1, "0.1"}, {0.30000000000000004, "0.30000000000000004"},
		{123.456, "123.456"}, {1.23e-18, "1.23e-18"}, {9007199254740991, "9007199254740991"},
		{2.225073858507201e-308, "2.225073858507201e-308"},
	}
	for _, tt := range tests {
		if got, err := AppendNumber(nil, tt.in); err != nil || string(got) != tt.want {
			t.Errorf("AppendNumber(%v) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCanonicalizeRFCExamples(t *testing.T) {
	// RFC 8785 §3.2.2 (sample input) and §3.2.3 (sorting).
	tests := []struct{ name, in, want string }{
		{"3.2.2 sample", `{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`, `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`},
		{"3.2.3 sorting", `{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`, "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With " +
			"Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"},
	}
	for _, tt := range tests {
		got, err := Canonicalize([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s:\n got %s, %v\nwant %s", tt.name, got, err, tt.want)
		}
	}
}

func TestCanonicalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{`  {"b" : 2 , "a" : [ 1 , { } , [ ] ] }  `, `{"a":[1,{},[]],"b":2}`},
		{`"x"`, `"x"`},
		{`-0`, `0`},
		{`-0.0e5`, `0`},
		{`1e-400`, `0`}, // underflow rounds to zero, as in ECMAScript
		{`123456789012345678901`, `123456789012345680000`},
		{`1E+2`, `100`},
		{`[true,false,null]`, `[true,false,null]`},
		// Minimal escaping: only ", \ and control characters; no HTML escaping;
		// DEL, U+2028 and non-ASCII as UTF-8.
		{`"<a href=\"x\">&amp;</a>"`, `"<a href=\"x\">&amp;</a>"`},
		{`"\u003c\u0026\u003e"`, `"<&>"`},
		{`"\b\f\n\r\t\u0000\u001f\u007f\u2028\u00e9\/"`, "\"\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028é/\""},
		{`"\u000B"`, `"\u000b"`},
		{`"\uD83D\uDE00"`, `"😀"`},
		{`"\uffff"`, "\"\uffff\""},
		// Member names are compared after unescaping and sorted by UTF-16 units:
		// U+1F600 (D83D DE00) sorts before U+E000 and U+FB33.
		{"{\"\ue000\":1,\"\U0001F600\":2,\"\u00e9\":3,\"e\":4}", "{\"e\":4,\"\u00e9\":3,\"\U0001F600\":2,\"\ue000\":1}"},
		{`{"aa":1,"a":2,"":3}`, `{"":3,"a":2,"aa":1}`},
		{`{"\u0061b":1,"a":2}`, `{"a":2,"ab":1}`},
		{`{"z":{"b":1,"a":2},"a":[{"d":1,"c":2}]}`, `{"a":[{"c":2,"d":1}],"z":{"a":2,"b":1}}`},
	}
	for _, tt := range tests {
		got, err := Canonicalize([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("Canonicalize(%s)\n = %s, %v\nwant %s", tt.in, got, err, tt.want)
		}
	}
}

func TestCanonicalizeErrors(t *testing.T) {
	tests := []struct{ in, code string }{
		{``, JSONSyntax},
		{`   `, JSONSyntax},
		{`{"a":1,}`, JSONSyntax},
		{`[1,]`, JSONSyntax},
		{`{"a" 1}`, JSONSyntax},
		{`{a:1}`, JSONSyntax},
		{`01`, JSONSyntax},
		{`1.`, JSONSyntax},
		{`.5`, JSONSyntax},
		{`1e`, JSONSyntax},
		{`+1`, JSONSyntax},
		{`NaN`, JSONSyntax},
		{`Infinity`, JSONSyntax},
		{`'a'`, JSONSyntax},
		{`tru`, JSONSyntax},
		{`nul`, JSONSyntax},
		{`{} {}`, JSONSyntax},
		{"\ufeff{}", JSONSyntax},
		{"\"a\tb\"", JSONSyntax},
		{`"\x"`, JSONSyntax},
		{`"\u12"`, JSONSyntax},
		{`"abc`, JSONSyntax},
		{`"abc\`, JSONSyntax},
		{"\"\xff\"", JSONInvalidUTF8},
		{"{\"a\":\"\xc3\"}", JSONInvalidUTF8},
		{`"\ud800"`, JSONSurrogate},
		{`"\udc00"`, JSONSurrogate},
		{`"\ud800\u0041"`, JSONSurrogate},
		{`"\ud800\ud800"`, JSONSurrogate},
		{`{"a":1,"a":2}`, JSONDuplicateKey},
		{`{"a":1,"\u0061":2}`, JSONDuplicateKey},
		{`[{"x":{"b":1,"b":1}}]`, JSONDuplicateKey},
		{`1e400`, JSONNumberRange},
		{`-1e309`, JSONNumberRange},
		{strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), JSONTooDeep},
	}
	for _, tt := range tests {
		_, err := Canonicalize([]byte(tt.in))
		var je *JSONError
		if !errors.As(err, &je) || je.Code != tt.code {
			t.Errorf("Canonicalize(%.40q) error %v, want code %s", tt.in, err, tt.code)
		}
	}
	// Exactly MaxDepth levels are fine.
	deep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Canonicalize([]byte(deep)); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
}

func TestCompareUTF16(t *testing.T) {
	ordered := []string{
		"",
		"\r",
		"1",
		"A",
		"a",
		"aa",
		"\u0080",
		"ö",
		"€",
		"\U00010000",
		"\U0001F600",
		"\U0010FFFF",
		"\ue000",
		"\ufb33",
		"\uffff",
	}
	for i := range ordered {
		for j := range ordered {
			want := cmpInt(i, j)
			if got := compareUTF16(ordered[i], ordered[j]); got != want {
				t.Errorf("compareUTF16(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{`{"b":2,"a":1}`, `[1,2.5,-0,1e21,1e-7]`, `"\ud83d\ude00\u0000"`, `{"a":{"b":[null,true]}}`,
		`{"a":1,"a":2}`, `"\ud800"`, "\"\xff\"", `1e400`, `{"\ue000":1,"\ud83d\ude00":2}`, ` 123456789012345678901 `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Canonicalize(in)
		if err != nil {
			var je *JSONError
			if !errors.As(err, &je) {
				t.Fatalf("error %v is not a *JSONError", err)
			}
			if je.Code == JSONSyntax && json.Valid(in) {
				t.Fatalf("valid JSON %q refused as syntax: %v", in, err)
			}
			return
		}
		if !json.Valid(in) || !json.Valid(out) {
			t.Fatalf("accepted %q (valid %v) -> %q (valid %v)", in, json.Valid(in), out, json.Valid(out))
		}
		again, err := Canonicalize(out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", in, out, again, err)
		}
		// Same value as encoding/json reads it.
		var a, b any
		if err := json.Unmarshal(in, &a); err != nil {
			t.Fatalf("encoding/json refuses accepted input %q: %v", in, err)
		}
		if err := json.Unmarshal(out, &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("value changed: %q -> %q", in, out)
		}
	})
}
