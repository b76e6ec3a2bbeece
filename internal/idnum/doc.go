// Package idnum parses and checks the two identity numbers asnpro meets:
// the NIK (Nomor Induk Kependudukan, the population number on the KTP) and
// the NIP (Nomor Induk Pegawai, the civil-servant number issued by BKN).
// Everything here is a pure function of its arguments; the clock is passed
// in as now. The package imports only the standard library.
//
// # NIK: 16 digits, PP KK CC DD MM YY SSSS
//
//	digits  1–2   PP    province code (Kemendagri), 11–96; Kalimantan Tengah = 62
//	digits  3–4   KK    regency/city code within the province, 01–99
//	                    (01–69 kabupaten, 71–99 kota); Kota Palangka Raya = 6271
//	digits  5–6   CC    district (kecamatan) code within the regency, 01–99
//	digits  7–8   DD    day of birth, 01–31; women add 40, so 41–71
//	digits  9–10  MM    month of birth, 01–12
//	digits 11–12  YY    year of birth, last two digits
//	digits 13–16  SSSS  serial among equal prefixes, 0001–9999
//
// Century. YY alone does not say the century. ParseNIK takes the most
// recent year ending in YY that puts the birth date on or before the civil
// date of now (in now's location): on 2026-11-28, "90" is 1990, "26" is 2026
// for a date up to 28 November and 1926 after it. When a birth date is
// known (CheckNIK), that date decides the century, and its last two year
// digits, month and day must equal the NIK's; a birth date after now is an
// error (code "future").
//
// Validation decisions:
//   - Surrounding white space is trimmed; anything else that is not an ASCII
//     digit 0–9 — including spaces, dots and hyphens inside the number, as
//     people write "6271.0101…" or "6271 0101 …" — is refused with code
//     "digits", and the message says to write the number without separators.
//     Callers that want to be lenient must strip separators themselves and
//     show the user what was kept.
//   - A non-digit is reported before a wrong length ("digits" before
//     "length"), because the fix for the former usually fixes the latter.
//   - Province codes below 11 or above 96 are invalid (code "province");
//     codes 11–96 that name no current province (e.g. 10, 20, 22) are
//     accepted and reported as unknown by ProvinceName and NIK.Region.
//   - Regency or district code 00 is invalid (codes "regency", "district");
//     every other value is accepted. Names are known only for the 38
//     provinces and the 14 regencies/cities of Kalimantan Tengah (62xx); any
//     other regency is accepted and reported as "not in asnpro's table".
//   - Day 00, 32–40 and 72–99 are invalid (code "day"); month 00 and 13–99
//     (code "month"); a day the month does not have, such as 30 February or
//     29 February of a common year, is code "date"; serial 0000 is code
//     "serial".
//   - Codes follow Kemendagri (the 2022 list with the four new Papua
//     provinces 93–96). A NIK keeps the code of the region that issued it, so
//     a NIK issued before a province split names the old province.
//
// # NIP: 18 digits, YYYYMMDD YYYYMM G NNN
//
//	digits  1–8   YYYYMMDD  birth date (year 1900 or later)
//	digits  9–14  YYYYMM    TMT CPNS: year and month the appointment took effect
//	                        (must be later than the birth year-month)
//	digit  15     G         1 male, 2 female
//	digits 16–18  NNN       serial among equal 15-digit prefixes, 001–999
//
// BKN issues NIPs; asnpro records and validates them and can compute the
// 15-digit prefix a new one must have (NIPPrefix), never the serial.
// CheckNIPAgainstNIK checks that the birth date and gender of a NIP agree
// with the holder's NIK.
//
// # Errors
//
// Every rejection is an *Error with a stable Code (see the Code constants)
// and a message by catalogue key (Msg; the words are in
// internal/i18n/idnum.go), read in plain Indonesian (Error, Message("id"))
// or English (Message("en")), that says what was wrong and what was found,
// for example "NIK harus 16 digit angka; yang diisi 15 digit".
//
// Birth dates are civil dates: results carry them as time.Time at midnight
// UTC, and arguments are read through their own Date() (their location's
// calendar day), never converted between zones.
package idnum
