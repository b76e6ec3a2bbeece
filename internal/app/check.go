package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"asnpro/internal/idnum"
)

// cmdCheck: asnpro check nik NUMBER [--birth-date D] [--gender M|F] | check nip NUMBER [--nik NIK].
// It prints what the number says, or why it is invalid (exit 1); with
// --nik, a NIP must also agree with the NIK on birth date and gender.
func cmdCheck(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("say what to check: asnpro check nik NUMBER [--birth-date YYYY-MM-DD] | asnpro check nip NUMBER [--nik NIK]")
	}
	kind, args := args[0], args[1:]
	fs := newFlags("check "+kind, e.stderr)
	birth := fs.String("birth-date", "", "nik: the birth date it must agree with (YYYY-MM-DD)")
	gender := fs.String("gender", "", "nik: the gender it must agree with (M or F)")
	nikFlag := fs.String("nik", "", "nip: the holder's NIK, which the NIP must agree with (birth date, gender)")
	lang := fs.String("lang", "en", "language of the messages: en or id")
	pos, err := parse(fs, args, func(string) string { return "" })
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("give exactly one number to check")
	}
	invalid := func(err error) error {
		var ie *idnum.Error
		if errors.As(err, &ie) {
			return exitError{code: 1, msg: fmt.Sprintf("invalid %s: %s", kind, ie.Message(*lang))}
		}
		return exitError{code: 1, msg: fmt.Sprintf("invalid %s: %v", kind, err)}
	}
	switch kind {
	case "nik":
		var n idnum.NIK
		if *birth != "" || *gender != "" {
			var bd time.Time
			if *birth != "" {
				if bd, err = time.Parse("2006-01-02", *birth); err != nil {
					return fmt.Errorf("--birth-date %q: use YYYY-MM-DD", *birth)
				}
			}
			var g idnum.Gender
			if *gender != "" {
				if g, err = idnum.ParseGender(*gender); err != nil {
					return fmt.Errorf("--gender %q: use M or F", *gender)
				}
			}
			n, err = idnum.CheckNIK(pos[0], bd, g, e.now())
		} else {
			n, err = idnum.ParseNIK(pos[0], e.now())
		}
		if err != nil {
			return invalid(err)
		}
		fmt.Fprintf(e.stdout, "NIK %s is valid\nregion:     %s\nbirth date: %s\ngender:     %s\nserial:     %04d\n",
			n.String(), n.Region(*lang), n.BirthDate.Format("2006-01-02"), n.Gender.Name(*lang), n.Serial)
	case "nip":
		n, err := idnum.ParseNIP(pos[0])
		if err != nil {
			return invalid(err)
		}
		agrees := ""
		if *nikFlag != "" {
			nik, err := idnum.ParseNIK(*nikFlag, e.now())
			if err != nil {
				var ie *idnum.Error
				if errors.As(err, &ie) {
					return exitError{code: 1, msg: fmt.Sprintf("invalid nik: %s", ie.Message(*lang))}
				}
				return err
			}
			if err := idnum.CheckNIPAgainstNIK(n, nik); err != nil {
				return invalid(err)
			}
			agrees = fmt.Sprintf("agrees with NIK %s (birth date and gender)\n", nik.String())
		}
		fmt.Fprintf(e.stdout, "NIP %s is valid\nbirth date: %s\nTMT CPNS:   %s\ngender:     %s\nserial:     %03d\nprefix:     %s\n%s",
			n.String(), n.BirthDate.Format("2006-01-02"), n.TMT.String(), n.Gender.Name(*lang), n.Serial, n.Prefix(), agrees)
	default:
		return fmt.Errorf("unknown check %q: use nik or nip", kind)
	}
	return nil
}
