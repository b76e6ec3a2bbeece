package culture

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// Topics are the forum's fixed topics, by slug, in the order pages show them.
var Topics = []string{"pelayanan-publik", "teknologi-informasi", "kepegawaian", "keuangan", "etika-integritas", "lainnya"}

// IsTopic reports whether slug is one of Topics.
func IsTopic(slug string) bool { return slices.Contains(Topics, slug) }

// Limits of what a post may be.
const (
	MaxTitle     = 200    // characters of a thread's title
	MinTitle     = 5      // characters of a thread's title
	MaxBodyBytes = 20_000 // bytes of a post's text (beyond: 413)
	MaxTags      = 5      // tags of a thread
	MaxTag       = 30     // characters of a tag
	MaxReason    = 500    // characters of a report's or a hiding's reason
	MaxFiles     = 3      // attachments of a post
	MaxFileBytes = 5 << 20
	maxQuery     = 200 // characters of a search
	maxTerms     = 8   // words of a search
)

// NewPost is what a person writes: a thread (Topic, Title, Body, Tags) or
// a reply (Body only).
type NewPost struct {
	Topic string
	Title string
	Body  string
	Tags  []string
}

// checkThread normalises and checks a new thread. A body over MaxBodyBytes
// is ErrPostTooLarge (413); other problems are invalid, by field.
func (n *NewPost) checkThread() error {
	if len(n.Body) > MaxBodyBytes {
		return ErrPostTooLarge
	}
	f := map[string]apperr.Msg{}
	if !IsTopic(n.Topic) {
		f["topic"] = apperr.M("culture.topic")
	}
	if textcheck.FieldMsg(f, "title", &n.Title, textcheck.Line) {
		if l := utf8.RuneCountInString(n.Title); l < MinTitle || l > MaxTitle {
			f["title"] = apperr.M("culture.title", "min", MinTitle, "max", MaxTitle)
		}
	}
	checkBody(f, &n.Body)
	tags, ok := Tags(n.Tags)
	if !ok {
		f["tags"] = apperr.M("culture.tags", "max", MaxTags, "len", MaxTag)
	}
	n.Tags = tags
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// checkReply normalises and checks a reply's text.
func checkReply(body *string) error {
	if len(*body) > MaxBodyBytes {
		return ErrPostTooLarge
	}
	f := map[string]apperr.Msg{}
	checkBody(f, body)
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

func checkBody(f map[string]apperr.Msg, body *string) {
	if textcheck.FieldMsg(f, "body", body, textcheck.Multiline) && *body == "" {
		f["body"] = apperr.M("culture.body")
	}
}

// Tags normalises tags typed by a person: each lowercased, trimmed, a
// leading # dropped, inner spaces made hyphens; empty ones and repeats
// dropped. ok is false when there are more than MaxTags, one is longer
// than MaxTag characters, or one has other than letters, digits and
// hyphens.
func Tags(in []string) (out []string, ok bool) {
	ok = true
	for _, raw := range in {
		for _, t := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' }) {
			t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#"))
			t = strings.Join(strings.Fields(t), "-")
			if t == "" || slices.Contains(out, t) {
				continue
			}
			if utf8.RuneCountInString(t) > MaxTag || strings.IndexFunc(t, func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
			}) >= 0 {
				ok = false
				continue
			}
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		ok = false
	}
	return out, ok
}

// checkReason normalises a moderation reason; required says whether it
// may be empty (hiding needs one: 422 without).
func checkReason(reason *string, required bool) error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "reason", reason, textcheck.Line) {
		switch {
		case required && *reason == "":
			f["reason"] = apperr.M("culture.reason_required")
		case utf8.RuneCountInString(*reason) > MaxReason:
			f["reason"] = apperr.M("culture.reason_long", "max", MaxReason)
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// Terms splits a search into its words: lowercased runs of letters and
// digits, at most maxTerms of them, each at least two characters (shorter
// ones match too much to be worth it), no repeats.
func Terms(q string) []string {
	if utf8.RuneCountInString(q) > maxQuery {
		q = string([]rune(q)[:maxQuery])
	}
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) < 2 || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
		if len(out) == maxTerms {
			break
		}
	}
	return out
}

// ftsMatch is the SQLite FTS5 query of terms: every word, each as a prefix
// ("layan" finds "layanan"), quoted so no word is read as an operator.
func ftsMatch(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"*`
	}
	return strings.Join(parts, " AND ")
}

// tsQuery is the PostgreSQL tsquery text of terms: every word as a prefix.
// Terms holds only letters and digits, so nothing in it is an operator.
func tsQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = t + ":*"
	}
	return strings.Join(parts, " & ")
}

// searchDoc is what search reads of a thread: its title, its tags and its
// visible posts' text.
func searchDoc(title string, tags []string, bodies string) string {
	return title + "\n" + strings.Join(tags, " ") + "\n" + bodies
}
