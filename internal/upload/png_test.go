package upload

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"testing"
)

func TestReceivePNG(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	rule := Rule{Formats: []Format{PDF, JPEG, PNG}, MaxBytes: 1 << 20}
	f, err := Receive(context.Background(), bytes.NewReader(good), rule, t.TempDir())
	if err != nil {
		t.Fatalf("a PNG: %v", err)
	}
	if f.Format != PNG || f.ContentType != "image/png" {
		t.Fatalf("format %s %s", f.Format, f.ContentType)
	}
	f.Close()
	patched := bytes.Clone(good)
	patched[18]++ // the width, so IHDR's CRC no longer holds
	for name, b := range map[string][]byte{"truncated": good[:len(good)-5], "patched": patched} {
		if _, err := Receive(context.Background(), bytes.NewReader(b), rule, t.TempDir()); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want damaged", name, err)
		}
	}
	if _, err := Receive(context.Background(), bytes.NewReader(good), Rule{Formats: []Format{PDF}, MaxBytes: 1 << 20}, ""); !errors.Is(err,
		ErrWrongFormat) {
		t.Errorf("a PNG where only PDF is allowed: %v", err)
	}
}
