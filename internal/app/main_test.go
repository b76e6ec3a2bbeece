package app_test

import (
	"context"
	"os"
	"testing"

	"asnpro/internal/app"
)

// TestMain lets a test start this test binary as a second asnpro process:
// with ASNPRO_TEST_AS_MAIN=1 it runs app.Run on its arguments and exits.
func TestMain(m *testing.M) {
	if os.Getenv("ASNPRO_TEST_AS_MAIN") == "1" {
		os.Exit(app.Run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
