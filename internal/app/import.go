package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
)

// cmdImport: asnpro import formations --period ID FILE.csv|.xlsx (and
// `asnpro import formations --template` to print an example file).
func cmdImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "formations" {
		return errors.New("say what to import: asnpro import formations --period ID FILE.csv|.xlsx (applicants and scores come with their parts)")
	}
	fs := newFlags("import formations", e.stderr)
	var d dbFlags
	d.add(fs)
	period := fs.Int64("period", 0, "the period the formations belong to")
	template := fs.Bool("template", false, "print an example CSV file and exit")
	pos, err := parse(fs, args[1:], e.getenv)
	if err != nil {
		return err
	}
	if *template {
		_, err := io.WriteString(e.stdout, recruitment.FormationTemplate)
		return err
	}
	if *period <= 0 || len(pos) != 1 {
		return errors.New("usage: asnpro import formations --period ID FILE.csv|.xlsx")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := report.ReadTable(f, pos[0])
	if err != nil {
		return err
	}
	defer t.Close()
	header, _, err := t.Next()
	if err != nil {
		return fmt.Errorf("%s: no header row: %v", pos[0], err)
	}
	var rows []recruitment.Row
	for {
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		rows = append(rows, recruitment.Row{Line: line, Fields: row})
	}
	db, _, err := d.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	ids, err := identity.New(db, identity.Config{HashSlots: 1})
	if err != nil {
		return err
	}
	n, err := recruitment.New(db, ids, e.now).ImportFormations(cliCtx(ctx), *period, header, rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s formations imported into period %d from %s\n", strconv.Itoa(n), *period, pos[0])
	return nil
}
