package verification

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/i18n"
)

// TestMessageKeysAreInTheCatalogue: every catalogue key the package names
// (errors, field messages, pre-checks, notices, stage titles) has its words
// in internal/i18n, so no page or e-mail shows a bare [[key]].
func TestMessageKeysAreInTheCatalogue(t *testing.T) {
	// Audit actions, notification and job kinds share the prefix; they are not keys.
	notKeys := map[string]bool{"verification.assign": true, "verification.decide": true, "verification.confirm": true,
		"verification.reopen": true, "verification.late_conflict": true, "verification.result_notices": true, "verification.stage.": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`"(verification\.[a-z_.]+)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if notKeys[m[1]] {
				continue
			}
			n++
			if !i18n.Has(m[1]) {
				t.Errorf("%s: %s is not in the catalogue", f, m[1])
			}
		}
	}
	for _, stage := range allStages {
		if !i18n.Has(stageKey(stage)) {
			t.Errorf("stage %s has no title", stage)
		}
	}
	if n < 50 {
		t.Fatalf("only %d keys found: the scan is broken", n)
	}
}
