package selection

import (
	"fmt"
	"unicode/utf8"
)

// InputError is a problem with the data given to Scheme.Rank or RankCSV. Its
// message is one line of plain words. For a CSV file Line is the physical line
// (the header is line 1) and Column the header name of the field at fault
// ("" when the whole row is at fault); for Go values Item names the value
// ("applicant 3", "formation 2") and Column the field. A web layer maps it to
// the `invalid` error code.
type InputError struct {
	Line   int
	Item   string
	Column string
	Msg    string
}

// Error returns, for a file, "line 7, column tiu: "abc" is not a whole number".
func (e *InputError) Error() string {
	where := e.Item
	if e.Line > 0 {
		where = fmt.Sprintf("line %d", e.Line)
	}
	switch {
	case where != "" && e.Column != "":
		return where + ", column " + e.Column + ": " + e.Msg
	case where != "":
		return where + ": " + e.Msg
	case e.Column != "":
		return "column " + e.Column + ": " + e.Msg
	}
	return e.Msg
}

// checkID returns why s is not a usable identifier, or "".
func checkID[T text](s T) string {
	if len(s) == 0 {
		return "empty"
	}
	if len(s) > maxIDLength {
		return fmt.Sprintf("longer than %d bytes", maxIDLength)
	}
	return checkPlainText(s)
}

// checkText returns why s is not a usable position or education name, or "".
func checkText[T text](s T) string {
	if len(s) == 0 {
		return "empty"
	}
	if len(s) > maxText {
		return fmt.Sprintf("longer than %d bytes", maxText)
	}
	return checkPlainText(s)
}

// checkPlainText rejects invalid UTF-8, control characters (line breaks,
// tabs) and spaces at either end, which would make two names that look the
// same compare different.
func checkPlainText[T text](s T) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return "contains a control character (a line break or a tab)"
		}
		if c >= utf8.RuneSelf {
			if !utf8.ValidString(string(s)) {
				return "not valid UTF-8 text"
			}
			break
		}
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return fmt.Sprintf("%q has spaces at the start or end", s)
	}
	return ""
}

// text is what the parsers read: a string, or a field of a CSV record.
type text interface{ ~string | ~[]byte }

// wholeProblem says why text is not a whole number in range.
type wholeProblem uint8

const (
	wholeOK wholeProblem = iota
	wholeEmpty
	wholeNotNumber
	wholeTooLarge // also negative numbers: out of any range here
)

// parseWhole parses an unsigned whole number of at most 9 digits without
// allocating. A leading minus sign followed by digits is reported as out of
// range rather than as text, which is what it means to the user.
func parseWhole[T text](s T) (int, wholeProblem) {
	if len(s) == 0 {
		return 0, wholeEmpty
	}
	neg := false
	if s[0] == '-' && len(s) > 1 {
		neg, s = true, s[1:]
	}
	if len(s) > 9 {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, wholeNotNumber
			}
		}
		return 0, wholeTooLarge
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, wholeNotNumber
		}
		v = v*10 + int(c-'0')
	}
	if neg {
		return 0, wholeTooLarge
	}
	return v, wholeOK
}

// scoreMessage returns why an SKD sub-test score v (parsed from text, or
// given as a Go value with text = "") is not acceptable, or "".
func scoreMessage[T text](raw T, v, max, step int, name string) string {
	if v >= 0 && v <= max && (step <= 1 || v%step == 0) {
		return "" // checked first: the message below allocates
	}
	show := string(raw)
	if show == "" {
		show = fmt.Sprint(v)
	}
	if v < 0 || v > max {
		return fmt.Sprintf("%q is out of range (0 to %d)", show, max)
	}
	return fmt.Sprintf("%q is not a multiple of %d (each %s item is worth %d points or 0)", show, step, name, step)
}
