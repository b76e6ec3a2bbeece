package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckCommand(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", "nik", "6271034506990001"}, 0, "6271 Kota Palangka Raya"},
		{[]string{"check", "nik", "6271034506990001"}, 0, "female"},
		{[]string{"check", "nik", "6271034506990001", "--birth-date", "1999-06-05", "--gender", "F"}, 0, "1999-06-05"},
		{[]string{"check", "nik", "627103450699000"}, 1, "16"},
		{[]string{"check", "nik", "62710345069900012"}, 1, "16"},
		{[]string{"check", "nik", "62710345O6990001"}, 1, "digit"},
		{[]string{"check", "nik", "6271030006990001"}, 1, "day"},
		{[]string{"check", "nik", "6271033206990001"}, 1, "day"},
		{[]string{"check", "nik", "6271037206990001"}, 1, "day"},
		{[]string{"check", "nik", "6271030513990001"}, 1, "month"},
		{[]string{"check", "nik", "6271034506990001", "--gender", "M"}, 1, "invalid nik"},
		{[]string{"check", "nik", "6271030506990001", "--birth-date", "1999-06-06"}, 1, "invalid nik"},
		{[]string{"check", "nip", "199906052024011001"}, 0, "2024-01"},
		{[]string{"check", "nip", "19990605202401100"}, 1, "invalid nip"},
		{[]string{"check", "nip", "199906052024013001"}, 1, "invalid nip"},
		{[]string{"check", "nip", "199913052024011001"}, 1, "month"},
		{[]string{"check", "nip", "199906052024012001", "--nik", "6271034506990001"}, 0, "agrees with NIK 6271034506990001"},
		{[]string{"check", "nip", "199906052024011001", "--nik", "6271034506990001"}, 1, "NIK"},
		{[]string{"check", "nip", "199906062024012001", "--nik", "6271034506990001"}, 1, "NIK"},
		{[]string{"check", "nip", "199906052024012001", "--nik", "6271034506990"}, 1, "invalid nik"},
	}
	for _, tc := range cases {
		code, out, errOut := runCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d, out %q err %q; want exit %d containing %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
		if code != 0 && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: error is not one line: %q", tc.args, errOut)
		}
	}
}

func TestRankCommand(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCmd(t, "rank", "--scheme", "cpns-2024", "../selection/testdata/cpns2024.in.csv")
	want, err := os.ReadFile("../selection/testdata/cpns2024.out.csv")
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || out != string(want) {
		t.Fatalf("exit %d, stderr %q, output differs from the golden file:\n%s", code, errOut, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(
		bad,
		[]byte("applicant_id,formation_id,quota,position,education,category,present_skd,twk,tiu,tkp,present_skb,skb,ipk,birth_date\n"+
			"A1,F1,1,P,S1,umum,1,100,abc,170,1,80,3.5,1999-01-01\n"),
		0o644,
	)
	code, out, errOut = runCmd(t, "rank", "--scheme", "cpns-2024", bad)
	if code != 1 || out != "" || !strings.Contains(errOut, "line 2") || !strings.Contains(errOut, "tiu") {
		t.Fatalf("bad file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runCmd(t, "rank", "--scheme", "nope", bad)
	if code != 1 || out != "" {
		t.Fatalf("unknown scheme: exit %d", code)
	}
}
