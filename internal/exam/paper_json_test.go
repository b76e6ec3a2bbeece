package exam

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func marshalPaper(t testing.TB, p *Paper) string {
	t.Helper()
	b, err := json.Marshal(storedPaper{Parts: p.Parts, Items: p.Items, Pool: p.Pool})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// viaJSON is what encoding/json reads from s.
func viaJSON(s string) (storedPaper, error) {
	var sp storedPaper
	err := json.Unmarshal([]byte(s), &sp)
	return sp, err
}

// TestScanPaper: every paper json.Marshal writes is read by the scanner,
// exactly as encoding/json reads it.
func TestScanPaper(t *testing.T) {
	bp := SKD2024()
	small := Blueprint{Name: "x", Parts: []Part{{"Teknis / Analis (IT)", 2}, {TKP, 1}}, Minutes: 10}
	bank := testBank(30, 35, 45)
	for i := range 3 {
		bank = append(bank, Item{ID: int64(900 + i), VersionID: 1 << 40, Revision: 7, ItemInput: keyed("Teknis / Analis (IT)", "C")})
	}
	for i, b := range []*Blueprint{&bp, &small} {
		p, err := Draw(bank, b, seedOf(byte(i)))
		if err != nil {
			t.Fatal(err)
		}
		s := marshalPaper(t, p)
		got, ok := scanPaper(s)
		want, err := viaJSON(s)
		if !ok || err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: scanner %v (ok %v), encoding/json %v (%v)", b.Name, got, ok, want, err)
		}
	}
}

// TestScanPaperLeavesTheRest: what the scanner does not take goes to
// encoding/json, and decodePaper always gives encoding/json's result.
func TestScanPaperLeavesTheRest(t *testing.T) {
	item := `{"No":1,"Subtest":"TWK","Part":0,"ItemID":5,"VersionID":6,"Revision":1,"Order":[4,3,2,1,0],"Points":[0,0,5,0,0]}`
	paper := func(it string) string {
		return `{"parts":[{"subtest":"TWK","count":1}],"items":[` + it + `],"pool":"ab"}`
	}
	cases := []struct {
		name string
		in   string
		scan bool // the scanner takes it
	}{
		{"as written", paper(item), true},
		{"whitespace", " {\"parts\" : [ ] ,\n\"items\":[],\t\"pool\":\"\"} ", true},
		{"no items", `{"parts":[],"pool":"x"}`, true},
		{"another key order", `{"pool":"ab","items":[` + item + `],"parts":[{"count":1,"subtest":"TWK"}]}`, true},
		{"escaped sub-test", paper(strings.Replace(item, `"TWK"`, `"T\u0057K"`, 1)), false},
		{"key in lower case", paper(strings.Replace(item, `"No"`, `"no"`, 1)), false},
		{"unknown key", paper(strings.Replace(item, `"No":1`, `"No":1,"Extra":2`, 1)), false},
		{"key twice", paper(strings.Replace(item, `"No":1`, `"No":1,"No":2`, 1)), false},
		{"float", paper(strings.Replace(item, `"ItemID":5`, `"ItemID":5.0`, 1)), false},
		{"exponent", paper(strings.Replace(item, `"ItemID":5`, `"ItemID":5e0`, 1)), false},
		{"leading zero", paper(strings.Replace(item, `"ItemID":5`, `"ItemID":05`, 1)), false},
		{"negative", paper(strings.Replace(item, `"ItemID":5`, `"ItemID":-5`, 1)), true},
		{"too large", paper(strings.Replace(item, `"ItemID":5`, `"ItemID":92233720368547758070`, 1)), false},
		{"order out of range", paper(strings.Replace(item, `[4,3,2,1,0]`, `[4,3,2,1,256]`, 1)), false},
		{"points out of range", paper(strings.Replace(item, `[0,0,5,0,0]`, `[0,0,128,0,0]`, 1)), false},
		{"four options", paper(strings.Replace(item, `[4,3,2,1,0]`, `[4,3,2,1]`, 1)), false},
		{"six options", paper(strings.Replace(item, `[4,3,2,1,0]`, `[4,3,2,1,0,5]`, 1)), false},
		{"null items", `{"parts":[],"items":null,"pool":""}`, false},
		{"a part without its count", `{"parts":[{"subtest":"TWK"}],"items":[],"pool":""}`, false},
		{"invalid UTF-8", paper(strings.Replace(item, `"TWK"`, "\"T\xffK\"", 1)), false},
		{"control character", paper(strings.Replace(item, `"TWK"`, "\"T\tK\"", 1)), false},
		{"trailing text", paper(item) + "x", false},
		{"cut short", paper(item)[:40], false},
		{"trailing comma", `{"parts":[],}`, false},
		{"empty", ``, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := scanPaper(tc.in)
			want, werr := viaJSON(tc.in)
			if ok != tc.scan {
				t.Fatalf("scanner took it: %v, want %v", ok, tc.scan)
			}
			if ok && (werr != nil || !reflect.DeepEqual(got, want)) {
				t.Fatalf("scanner %+v, encoding/json %+v (%v)", got, want, werr)
			}
			dec, derr := decodePaper(tc.in)
			if (derr == nil) != (werr == nil) || !reflect.DeepEqual(dec, want) {
				t.Fatalf("decodePaper %+v (%v), encoding/json %+v (%v)", dec, derr, want, werr)
			}
		})
	}
}

// FuzzScanPaper: whatever the scanner takes, encoding/json reads alike.
func FuzzScanPaper(f *testing.F) {
	bp := SKD2024()
	p, err := Draw(testBank(30, 35, 45), &bp, seedOf(9))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(marshalPaper(f, p))
	f.Add(`{"parts":[{"subtest":"TWK","count":1}],"items":[{"No":1,"Subtest":"TWK","Order":[0,1,2,3,4],"Points":[5,0,0,0,0]}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := scanPaper(s)
		if !ok {
			return
		}
		want, err := viaJSON(s)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("scanner %+v, encoding/json %+v (%v)", got, want, err)
		}
	})
}

func BenchmarkDecodePaper(b *testing.B) {
	bp := SKD2024()
	p, err := Draw(testBank(30, 35, 45), &bp, seedOf(9))
	if err != nil {
		b.Fatal(err)
	}
	s := marshalPaper(b, p)
	b.Run("scanner", func(b *testing.B) {
		for b.Loop() {
			if _, ok := scanPaper(s); !ok {
				b.Fatal("not taken")
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			if _, err := viaJSON(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
