package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"asnpro/internal/selection"
)

func TestRun(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"-n", "500", "-formations", "20", "-seed", "3"}, &out, &errb); err != nil {
		t.Fatal(err, errb.String())
	}
	if !strings.HasPrefix(out.String(), selection.InputHeader+"\n") || strings.Count(out.String(), "\n") != 501 {
		t.Fatalf("unexpected output:\n%.300s", out.String())
	}
	var ranked bytes.Buffer
	if err := selection.RankCSV(bytes.NewReader(out.Bytes()), &ranked, "cpns-2024"); err != nil {
		t.Fatalf("generated input rejected: %v", err)
	}
	if err := run(context.Background(), []string{"-formations", "0"}, &out, &errb); err == nil {
		t.Error("accepted -formations 0")
	}
	if err := run(context.Background(), []string{"extra"}, &out, &errb); err == nil {
		t.Error("accepted an argument")
	}
}
