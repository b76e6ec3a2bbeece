// Command rankcsv is a stand-in for `asnpro rank` used to measure RankCSV on
// its own: go build -o /tmp/rankcsv ./internal/selection/testdata/rankcsv
// (testdata is left out of ./..., so this never ships).
package main

import (
	"fmt"
	"os"

	"asnpro/internal/selection"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rankcsv FILE.csv")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	if err := selection.RankCSV(f, os.Stdout, "cpns-2024"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
