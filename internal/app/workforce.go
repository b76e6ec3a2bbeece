package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"asnpro/internal/workforce"
)

// cmdImportEmployees: asnpro import employees FILE.csv|.xlsx (or
// --template) — the sitting workforce, all rows or none (docs/WORKFORCE.md).
func cmdImportEmployees(ctx context.Context, e *env, args []string) error {
	fs := newFlags("import employees", e.stderr)
	var d dbFlags
	d.add(fs)
	template := fs.Bool("template", false, "print an example CSV file and exit")
	pos, err := parse(fs, args, e.getenv)
	if err != nil {
		return err
	}
	if *template {
		_, err := io.WriteString(e.stdout, workforce.Template)
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: asnpro import employees FILE.csv|.xlsx (or --template)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	db, _, err := d.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := workforce.New(db, e.now).Import(cliCtx(ctx), f)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d employees imported from %s (PNS %d, PPPK %d; %d new positions, %d supervisors); sha256 %s\n",
		sum.Imported, pos[0], sum.PNS, sum.PPPK, sum.Positions, sum.Supervisors, sum.SHA256)
	return nil
}
