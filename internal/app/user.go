package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
)

func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("say what to do: asnpro user add|passwd|disable|roles|list")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("user "+sub, e.stderr)
	var d dbFlags
	d.add(fs)
	username := fs.String("username", "", "the user's username")
	name := fs.String("name", "", "full name (add)")
	email := fs.String("email", "", "e-mail (add, optional)")
	role := fs.String("role", "", "roles, comma-separated: "+identity.JoinRoles(identity.AllRoles))
	pwFile := fs.String("password-file", "", "read the password from this file, or - for standard input (default: generate one and print it)")
	if _, err := parse(fs, args, e.getenv); err != nil {
		return err
	}
	if sub != "list" && *username == "" {
		return errors.New("--username is required")
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
	ctx = cliCtx(ctx)
	switch sub {
	case "add":
		roles, err := identity.ParseRoles(*role)
		if err != nil {
			return err
		}
		pw, generated, err := readPassword(e, *pwFile)
		if err != nil {
			return err
		}
		u, err := ids.AddUser(ctx, identity.NewUser{Username: *username, Name: *name, Email: *email, Roles: roles, Password: pw})
		if err != nil {
			return withFields(err)
		}
		fmt.Fprintf(e.stdout, "user %s added (id %d, roles %s)\n", u.Username, u.ID, identity.JoinRoles(u.Roles))
		if generated {
			fmt.Fprintf(e.stdout, "password: %s\n", pw)
		}
	case "passwd":
		pw, generated, err := readPassword(e, *pwFile)
		if err != nil {
			return err
		}
		if err := ids.SetPassword(ctx, *username, pw); err != nil {
			return withFields(err)
		}
		fmt.Fprintf(e.stdout, "password of %s changed; their sessions and tokens have ended\n", *username)
		if generated {
			fmt.Fprintf(e.stdout, "password: %s\n", pw)
		}
	case "disable":
		if err := ids.DisableUser(ctx, *username); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "user %s disabled; their sessions and tokens have ended\n", *username)
	case "enable":
		if err := ids.EnableUser(ctx, *username); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "user %s enabled\n", *username)
	case "roles":
		roles, err := identity.ParseRoles(*role)
		if err != nil {
			return err
		}
		if err := ids.SetRoles(ctx, *username, roles); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "roles of %s: %s\n", *username, identity.JoinRoles(roles))
	case "list":
		return listUsers(ctx, e, ids)
	default:
		return fmt.Errorf("unknown user command %q: use add, passwd, disable, enable, roles or list", sub)
	}
	return nil
}

func listUsers(ctx context.Context, e *env, ids *identity.Service) error {
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tROLES\tSTATUS")
	for offset := 0; ; offset += 500 {
		us, total, err := ids.ListUsers(ctx, 500, offset)
		if err != nil {
			return err
		}
		for _, u := range us {
			st := "active"
			if u.Disabled {
				st = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Username, u.Name, identity.JoinRoles(u.Roles), st)
		}
		if offset+500 >= total {
			break
		}
	}
	return tw.Flush()
}

// readPassword reads a password from a file or "-" (standard input), or
// generates one when no file is named.
func readPassword(e *env, file string) (string, bool, error) {
	var r io.Reader
	switch file {
	case "":
		return identity.GeneratePassword(), true, nil
	case "-":
		r = e.stdin
	default:
		f, err := os.Open(file)
		if err != nil {
			return "", false, err
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", false, errors.New("the password file is empty")
	}
	return pw, false, nil
}

// seedDemoAccounts creates the demo accounts of API.md (password
// asnpro-demo) in a demo database, once.
func seedDemoAccounts(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error {
	accounts := []struct {
		username, name string
		roles          []identity.Role
	}{
		{"admin", "Admin BKPSDM", []identity.Role{identity.Admin}},
		{"panitia", "Rina Panitia Seleksi", []identity.Role{identity.Committee}},
		{"verifikator", "Dedi Verifikator", []identity.Role{identity.Verifier}},
		{"penguji", "Sari Penguji", []identity.Role{identity.Assessor}},
		{"pegawai", "Andi Pegawai", []identity.Role{identity.Employee}},
		{"atasan", "Budi Atasan", []identity.Role{identity.Supervisor, identity.Employee}},
		{"pelatih", "Lembaga Pelatihan Kalteng", []identity.Role{identity.Trainer}},
		{"pimpinan", "Kepala BKPSDM", []identity.Role{identity.Leader}},
		{"auditor", "Inspektorat Kota", []identity.Role{identity.Auditor}},
		{"penulis", "Wulan Penulis Soal", []identity.Role{identity.Author}},
	}
	for _, a := range accounts {
		if _, err := d.ids.InsertUser(ctx, tx, identity.NewUser{Username: a.username, Name: a.name, Roles: a.roles, Demo: true},
			d.passwordHash); err != nil {
			return fmt.Errorf("demo account %s: %w", a.username, err)
		}
	}
	return nil
}

// withFields adds the per-field reasons of an invalid error to its message,
// so the command says which value was refused and why.
func withFields(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return err
	}
	fields := ae.LocalizedFields("en")
	if len(fields) == 0 {
		return err
	}
	keys := slices.Sorted(maps.Keys(fields))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + fields[k]
	}
	return fmt.Errorf("%s (%s)", ae.Localized("en"), strings.Join(parts, "; "))
}
