package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// cmdImport: asnpro import formations --period ID FILE.csv|.xlsx (and
// `asnpro import formations --template` to print an example file).
func cmdImport(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "applicants" {
		return cmdImportApplicants(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "scores" {
		return cmdImportScores(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "employees" {
		return cmdImportEmployees(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "formations" {
		return errors.New("say what to import: asnpro import formations|applicants|scores --period ID FILE.csv|.xlsx " +
			"| asnpro import employees FILE.csv|.xlsx")
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
	header, rows, err := recruitment.ReadFormationFile(f, pos[0])
	if err != nil {
		return err
	}
	db, rec, err := openRecruitment(ctx, e, d)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := rec.ImportFormations(cliCtx(ctx), *period, header, rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s formations imported into period %d from %s\n", strconv.Itoa(n), *period, pos[0])
	return nil
}

// cmdImportApplicants: asnpro import applicants --period ID FILE.csv|.xlsx
// — the SSCASN applicant export of a national round, with the MS/TMS
// decided there (all rows or none); --template prints an example file.
func cmdImportApplicants(ctx context.Context, e *env, args []string) error {
	fs := newFlags("import applicants", e.stderr)
	var d dbFlags
	d.add(fs)
	period := fs.Int64("period", 0, "the national period the applicants belong to")
	template := fs.Bool("template", false, "print an example CSV file and exit")
	pos, err := parse(fs, args, e.getenv)
	if err != nil {
		return err
	}
	if *template {
		_, err := io.WriteString(e.stdout, recruitment.ApplicantTemplate)
		return err
	}
	if *period <= 0 || len(pos) != 1 {
		return errors.New("usage: asnpro import applicants --period ID FILE.csv|.xlsx (or --template)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	file, err := recruitment.ReadApplicantFile(f, pos[0])
	if err != nil {
		return err
	}
	db, rec, err := openRecruitment(ctx, e, d)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := verification.New(db, verification.Deps{Recruitment: rec, Now: e.now}).ImportApplicants(cliCtx(ctx), nil, *period, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d applicants imported into period %d from %s (MS %d, TMS %d; %d new accounts, sha256 %s)\n",
		sum.Imported, *period, pos[0], sum.MS, sum.TMS, sum.NewAccounts, file.SHA256)
	return nil
}

// cmdImportScores: asnpro import scores --period ID --component skd|skb
// FILE.csv|.xlsx — CAT BKN's SKD or SKB result export (all rows or none);
// --template prints an example file of the component.
func cmdImportScores(ctx context.Context, e *env, args []string) error {
	fs := newFlags("import scores", e.stderr)
	var d dbFlags
	d.add(fs)
	period := fs.Int64("period", 0, "the period the scores belong to")
	component := fs.String("component", "", "skd or skb")
	template := fs.Bool("template", false, "print an example CSV file of the component and exit")
	pos, err := parse(fs, args, e.getenv)
	if err != nil {
		return err
	}
	if *component != results.ComponentSKD && *component != results.ComponentSKB {
		return fmt.Errorf("--component: %q is not skd or skb", *component)
	}
	if *template {
		return results.WriteTemplate(e.stdout, *component, "csv")
	}
	if *period <= 0 || len(pos) != 1 {
		return errors.New("usage: asnpro import scores --period ID --component skd|skb FILE.csv|.xlsx (or --template)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	db, rec, err := openRecruitment(ctx, e, d)
	if err != nil {
		return err
	}
	defer db.Close()
	ver := verification.New(db, verification.Deps{Recruitment: rec, Now: e.now})
	sum, err := results.New(db, results.Deps{Now: e.now, Qualified: qualifiedIDs(ver)}).ImportScores(cliCtx(ctx), *period, *component, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d %s scores imported into period %d from %s (present %d, absent %d, earlier SKD %d)\n",
		sum.Imported, strings.ToUpper(*component), *period, pos[0], sum.Present, sum.Absent, sum.Reused)
	return nil
}

// cmdExport: asnpro export formations --period ID [--format csv|xlsx]
// [--out FILE] — every formation of a period, in the import's columns.
func cmdExport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "formations" {
		return errors.New(
			"say what to export: asnpro export formations --period ID [--format csv|xlsx] [--out FILE] (results come with their part)",
		)
	}
	fs := newFlags("export formations", e.stderr)
	var d dbFlags
	d.add(fs)
	period := fs.Int64("period", 0, "the period whose formations to export")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "file to write (default: standard output)")
	pos, err := parse(fs, args[1:], e.getenv)
	if err != nil {
		return err
	}
	if *period <= 0 || len(pos) != 0 {
		return errors.New("usage: asnpro export formations --period ID [--format csv|xlsx] [--out FILE]")
	}
	if *format != "csv" && *format != "xlsx" {
		return fmt.Errorf("--format: %q is not csv or xlsx", *format)
	}
	db, rec, err := openRecruitment(ctx, e, d)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := rec.ExportFormations(cliCtx(ctx), *period, true)
	if err != nil {
		return err
	}
	var w io.Writer = e.stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := recruitment.WriteFormationFile(w, *format, rows); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && *out != "" {
		return f.Close()
	}
	return nil
}

// openRecruitment opens the database of a command and the recruitment
// service over it (one password hash at a time: commands hash none or few).
func openRecruitment(ctx context.Context, e *env, d dbFlags) (*sqldb.DB, *recruitment.Service, error) {
	db, _, err := d.open(ctx, e)
	if err != nil {
		return nil, nil, err
	}
	ids, err := identity.New(db, identity.Config{HashSlots: 1})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, recruitment.New(db, ids, e.now), nil
}
