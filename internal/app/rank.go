package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"

	"asnpro/internal/selection"
)

// cmdRank: asnpro rank --scheme cpns-2024 FILE.csv — the offline ranking of
// API.md, CSV on stdout; on any error nothing on stdout, one line on stderr
// naming the line and column, exit 1.
func cmdRank(ctx context.Context, e *env, args []string) error {
	fs := newFlags("rank", e.stderr)
	scheme := fs.String("scheme", "cpns-2024", "ranking scheme")
	pos, err := parse(fs, args, e.getenv)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("give one input file: asnpro rank --scheme cpns-2024 FILE.csv")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	// RankCSV writes nothing until the whole input has been read and checked.
	w := bufio.NewWriterSize(e.stdout, 1<<20)
	if err := selection.RankCSV(f, w, *scheme); err != nil {
		return exitError{code: 1, msg: fmt.Sprintf("asnpro rank: %s: %v", pos[0], err)}
	}
	return w.Flush()
}
