package app

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlags returns a FlagSet for a command that writes its usage to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("asnpro "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse sets every flag from its ASNPRO_* environment variable first
// (--trusted-proxies ← ASNPRO_TRUSTED_PROXIES), then from the arguments,
// which win. Positional arguments may come before or after the flags.
func parse(fs *flag.FlagSet, args []string, getenv func(string) string) ([]string, error) {
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		key := "ASNPRO_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(key); v != "" && envErr == nil {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s=%q: %v", key, v, err)
			}
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	return pos, nil
}
