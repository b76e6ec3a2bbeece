package rankgen

import (
	"bytes"
	"encoding/csv"
	"io"
	"testing"

	"asnpro/internal/selection"
)

// The generated file is valid input, deterministic, and has what the
// benchmarks rely on: absentees at both stages, special categories and
// optimalisasi.
func TestGenerate(t *testing.T) {
	var a, b bytes.Buffer
	o := DefaultOptions(20000, 300, 7)
	if err := Write(&a, o); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same options, different bytes")
	}
	in, err := csv.NewReader(bytes.NewReader(a.Bytes())).ReadAll()
	if err != nil || len(in) != 20001 {
		t.Fatalf("%d records, %v", len(in), err)
	}
	var out bytes.Buffer
	if err := selection.RankCSV(bytes.NewReader(a.Bytes()), &out, "cpns-2024"); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range in[1:] {
		count["cat:"+r[5]]++
		if r[6] == "0" {
			count["absent skd"]++
		}
	}
	res, _ := csv.NewReader(&out).ReadAll()
	for _, r := range res[1:] {
		count["final:"+r[6]]++
		if r[3] == "P/L" && r[6] == "TH" {
			count["absent skb"]++
		}
	}
	for _, k := range []string{"cat:umum", "cat:cumlaude", "cat:disabilitas", "absent skd", "absent skb", "final:P/L",
		"final:P/L-2", "final:TL", "final:P", "final:TH"} {
		if count[k] == 0 {
			t.Errorf("no %s in %v", k, count)
		}
	}
	if count["cat:umum"] < 18000 {
		t.Errorf("umum should dominate: %v", count)
	}
}

func BenchmarkWrite(b *testing.B) {
	for b.Loop() {
		if err := Write(io.Discard, DefaultOptions(100000, 1000, 1)); err != nil {
			b.Fatal(err)
		}
	}
}
