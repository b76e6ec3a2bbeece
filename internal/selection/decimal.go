package selection

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"
)

// Decimal is a non-negative number with at most three fraction digits, held
// exactly as a count of thousandths: 85.125 is Decimal(85125). Scores with
// decimals (SKB, component scores, IPK) use it so that no floating point ever
// decides a ranking.
type Decimal int64

// DecimalOne is 1 as a Decimal.
const DecimalOne Decimal = 1000

// maxDecimalDigits bounds the integer part accepted by ParseDecimal, so that
// the thousandths always fit an int64 with a wide margin (10^12 × 1000 < 2^63).
const maxDecimalDigits = 12

// decimalProblem says why text is not a Decimal; the zero value means it is.
type decimalProblem uint8

const (
	decimalOK decimalProblem = iota
	decimalEmpty
	decimalNotNumber
	decimalComma
	decimalTooPrecise
	decimalTooLarge
)

// parseDecimal is the allocation-free parser behind ParseDecimal: digits, then
// optionally a point and one to three digits. No sign, no exponent, no spaces.
func parseDecimal[T text](s T) (Decimal, decimalProblem) {
	if len(s) == 0 {
		return 0, decimalEmpty
	}
	var v int64
	i, n := 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		v = v*10 + int64(s[i]-'0')
		if n++; n > maxDecimalDigits {
			return 0, decimalTooLarge
		}
	}
	if n == 0 {
		return 0, decimalNotNumber
	}
	v *= 1000
	if i == len(s) {
		return Decimal(v), decimalOK
	}
	if s[i] == ',' {
		return 0, decimalComma
	}
	if s[i] != '.' || i+1 == len(s) {
		return 0, decimalNotNumber
	}
	scale := int64(100)
	for i++; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, decimalNotNumber
		}
		if scale == 0 {
			// A fourth fraction digit: too precise, unless the rest is text.
			for ; i < len(s); i++ {
				if s[i] < '0' || s[i] > '9' {
					return 0, decimalNotNumber
				}
			}
			return 0, decimalTooPrecise
		}
		v += int64(c-'0') * scale
		scale /= 10
	}
	return Decimal(v), decimalOK
}

// ParseDecimal parses a non-negative decimal with at most three fraction
// digits and a point as separator: "85", "85.5", "85.125". It rejects signs,
// exponents, spaces, a comma separator and a fourth decimal.
func ParseDecimal(s string) (Decimal, error) {
	d, p := parseDecimal(s)
	if p != decimalOK {
		return 0, errors.New(decimalMessage(s, p))
	}
	return d, nil
}

func decimalMessage[T text](s T, p decimalProblem) string {
	switch p {
	case decimalEmpty:
		return "empty"
	case decimalComma:
		return fmt.Sprintf("%q is not a number (use a point for decimals, as in 85.5)", s)
	case decimalTooPrecise:
		return fmt.Sprintf("%q has more than 3 decimals", s)
	case decimalTooLarge:
		return fmt.Sprintf("%q is far too large", s)
	default:
		return fmt.Sprintf("%q is not a number", s)
	}
}

// String formats d exactly with as few fraction digits as needed: "85",
// "85.5", "85.125".
func (d Decimal) String() string {
	return string(d.appendText(nil))
}

func (d Decimal) appendText(b []byte) []byte {
	v := int64(d)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/1000, 10)
	frac := v % 1000
	if frac == 0 {
		return b
	}
	digits := [3]byte{byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
	n := 3
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// MarshalJSON writes d as a JSON number with its exact digits (85.125).
func (d Decimal) MarshalJSON() ([]byte, error) {
	return d.appendText(nil), nil
}

// UnmarshalJSON reads a JSON number or string with at most three decimals,
// exactly (never through float64).
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return fmt.Errorf("decimal: %w", err)
	}
	*d = v
	return nil
}

// Date is a calendar date without a time zone (a birth date).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Dates outside these years are rejected as typing errors.
const (
	minYear = 1900
	maxYear = 2099
)

// parseDate parses exactly YYYY-MM-DD; ok is false for any other form, an
// impossible day (2023-02-29) or a year outside 1900–2099.
func parseDate[T text](s T) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	num := func(from, to int) (int, bool) {
		v := 0
		for i := from; i < to; i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			v = v*10 + int(s[i]-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	m, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	if !ok1 || !ok2 || !ok3 || y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return Date{}, false
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ParseDate parses a date written YYYY-MM-DD (years 1900–2099).
func ParseDate(s string) (Date, error) {
	d, ok := parseDate(s)
	if !ok {
		return Date{}, fmt.Errorf("%q is not a valid date (YYYY-MM-DD)", s)
	}
	return d, nil
}

// Valid reports whether d is a real calendar day in 1900–2099.
func (d Date) Valid() bool {
	return d.Year >= minYear && d.Year <= maxYear && d.Month >= 1 && d.Month <= 12 &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, int(d.Month))
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// key orders dates as integers: an earlier date has a smaller key.
func (d Date) key() uint32 {
	return uint32(d.Year*10000 + int(d.Month)*100 + d.Day)
}

func dateFromKey(k uint32) Date {
	return Date{Year: int(k / 10000), Month: time.Month(k / 100 % 100), Day: int(k % 100)}
}

// Quantity is a value quoted in an explanation: the text to show and, for
// numbers, the exact value Num/Den. Den is 0 when the quantity is not a number
// (a date). Text is what the published result shows (a final score with 3
// decimals, rounded half up); two quantities with the same Text may still
// differ in Num/Den, and then the exact value is the one that decided.
type Quantity struct {
	Text string `json:"text"`
	Num  int64  `json:"num"`
	Den  int64  `json:"den"`
}

func intQuantity(v int64) Quantity {
	return Quantity{Text: strconv.FormatInt(v, 10), Num: v, Den: 1}
}

// DecimalQuantity is d as a Quantity (its exact value and its text).
func DecimalQuantity(d Decimal) Quantity { return decimalQuantity(d) }

func decimalQuantity(d Decimal) Quantity {
	n, q := reduce(int64(d), 1000)
	return Quantity{Text: d.String(), Num: n, Den: q}
}

func dateQuantity(d Date) Quantity {
	return Quantity{Text: d.String()}
}

// ratioQuantity is the exact num/den shown with 3 decimals, rounded half up.
func ratioQuantity(num, den int64) Quantity {
	n, q := reduce(num, den)
	return Quantity{Text: formatFixed3(num, den), Num: n, Den: q}
}

// IsNumber reports whether q carries an exact numeric value.
func (q Quantity) IsNumber() bool { return q.Den != 0 }

// Exact returns the exact value: a terminating decimal when there is one
// ("85.125", "-5"), else the irreducible fraction ("848/11").
func (q Quantity) Exact() string {
	if q.Den == 0 {
		return q.Text
	}
	r := new(big.Rat).SetFrac64(q.Num, q.Den)
	if d := r.Denom(); d.IsInt64() {
		den := d.Int64()
		for _, p := range []int64{2, 5} {
			for den%p == 0 {
				den /= p
			}
		}
		if den == 1 {
			s := r.FloatString(12)
			for s[len(s)-1] == '0' {
				s = s[:len(s)-1]
			}
			if s[len(s)-1] == '.' {
				s = s[:len(s)-1]
			}
			return s
		}
	}
	return r.String()
}

// sub returns a − b exactly. Both must be numbers.
func (a Quantity) sub(b Quantity) Quantity {
	r := new(big.Rat).Sub(big.NewRat(a.Num, a.Den), big.NewRat(b.Num, b.Den))
	q := Quantity{Num: r.Num().Int64(), Den: r.Denom().Int64()}
	q.Text = q.Exact()
	return q
}

func reduce(num, den int64) (int64, int64) {
	g := gcd(num, den)
	if g == 0 {
		return num, den
	}
	return num / g, den / g
}

func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	if b < 0 {
		b = -b
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// formatFixed3 formats num/den (num ≥ 0, den > 0) with exactly 3 decimals,
// rounded half up. It is exact: round(num/den × 1000) = ⌊(2000·num + den) / (2·den)⌋.
// Callers keep 2000·num + den within int64 (see Scheme.FinalScore).
func formatFixed3(num, den int64) string {
	return string(appendFixed3(nil, (2000*num+den)/(2*den)))
}

// appendFixed3 appends t thousandths (t ≥ 0) as "I.FFF".
func appendFixed3(b []byte, t int64) []byte {
	b = strconv.AppendInt(b, t/1000, 10)
	f := t % 1000
	return append(b, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
}
