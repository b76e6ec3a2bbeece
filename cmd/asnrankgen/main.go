// Command asnrankgen writes a large, realistic input for `asnpro rank` to
// standard output (or -o FILE):
//
//	go run ./cmd/asnrankgen -n 1000000 -formations 10000 -seed 1 > applicants.csv
//
// Formations share positions and educations (so optimalisasi happens), demand
// is skewed across formations, applicants are mostly umum, some are absent at
// SKD or SKB, and SKB scores are given only to those who qualified for SKB.
// The same flags always produce the same bytes. See docs/RANKING.md.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"asnpro/internal/selection/rankgen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "asnrankgen:", err)
		}
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("asnrankgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of applicants (rows)")
	formations := fs.Int("formations", 100, "number of formations to draw applicants into")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same file")
	absentSKD := fs.Float64("absent-skd", 0.06, "share of applicants absent at SKD")
	absentSKB := fs.Float64("absent-skb", 0.04, "share of SKB qualifiers absent at SKB")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	o := rankgen.Options{Applicants: *n, Formations: *formations, Seed: *seed, AbsentSKD: *absentSKD, AbsentSKB: *absentSKB}
	if *out == "" {
		return write(stdout, o)
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := write(f, o); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func write(w io.Writer, o rankgen.Options) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := rankgen.Write(bw, o); err != nil {
		return err
	}
	return bw.Flush()
}
