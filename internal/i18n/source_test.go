package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sourceFile is one parsed non-test Go file of the repository, by its path
// from the repository's root.
type sourceFile struct {
	path string
	fset *token.FileSet
	file *ast.File
}

// repoSources parses the non-test Go files under internal/ and cmd/,
// leaving out the allowlist and the packages in skip (paths ending in /).
func repoSources(t *testing.T, skip ...string) []sourceFile {
	t.Helper()
	root := filepath.Join("..", "..")
	var out []sourceFile
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			for _, pre := range skip {
				if strings.HasPrefix(rel, pre) {
					return nil
				}
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			out = append(out, sourceFile{rel, fset, f})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d source files found: wrong root?", len(out))
	}
	return out
}

// isSel reports whether e is pkg.name.
func isSel(e ast.Expr, pkg, name string) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := s.X.(*ast.Ident)
	return ok && x.Name == pkg && s.Sel.Name == name
}

// wordFields are the fields of apperr.Error that hold words in place.
var wordFields = map[string]bool{"Message": true, "MessageEN": true, "Fields": true}

// writtenInPlace reports a value made of literals: a string, a map literal,
// a concatenation. (A page's Fields set from an error's LocalizedFields is
// the edge choosing words, and is fine.)
func writtenInPlace(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.BasicLit, *ast.CompositeLit:
		return true
	case *ast.BinaryExpr:
		return writtenInPlace(x.X) || writtenInPlace(x.Y)
	case *ast.ParenExpr:
		return writtenInPlace(x.X)
	}
	return false
}

// TestNoWordsOutsideCatalogue: outside apperr and this package, errors say
// what happened by key (apperr.E, apperr.InvalidMsgs, Msg, FieldMsgs);
// nothing writes a message's words in place — no apperr.Error literal
// with Message, MessageEN or Fields, no apperr.New or apperr.InvalidFields,
// no assignment to an error's Message, MessageEN or Fields.
func TestNoWordsOutsideCatalogue(t *testing.T) {
	for _, sf := range repoSources(t, "internal/apperr/", "internal/i18n/") {
		at := func(n ast.Node) string { return sf.fset.Position(n.Pos()).String() }
		ast.Inspect(sf.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CompositeLit:
				if !isSel(x.Type, "apperr", "Error") {
					return true
				}
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && wordFields[k.Name] {
							t.Errorf("%s: apperr.Error sets %s; use a catalogue key (Msg, FieldMsgs)", at(kv), k.Name)
						}
					}
				}
			case *ast.CallExpr:
				if isSel(x.Fun, "apperr", "New") || isSel(x.Fun, "apperr", "InvalidFields") {
					t.Errorf("%s: %s writes words in place; use apperr.E or apperr.InvalidMsgs",
						at(x), x.Fun.(*ast.SelectorExpr).Sel.Name)
				}
			case *ast.AssignStmt:
				if len(x.Lhs) != len(x.Rhs) {
					return true
				}
				for i, l := range x.Lhs {
					if s, ok := l.(*ast.SelectorExpr); ok && wordFields[s.Sel.Name] && writtenInPlace(x.Rhs[i]) {
						t.Errorf("%s: assignment to .%s writes words in place; use a catalogue key", at(s), s.Sel.Name)
					}
				}
			}
			return true
		})
	}
}

// keyArg gives, for a call that takes a catalogue key, the key argument's
// position: apperr.E(code, key, …), apperr.M(key, …), i18n.T(lang, key,
// …), the web's T(lang, key, …), i18n.P(key, …), i18n.Key(key).
func keyArg(call *ast.CallExpr) (int, bool) {
	switch {
	case isSel(call.Fun, "apperr", "E"), isSel(call.Fun, "i18n", "T"):
		return 1, true
	case isSel(call.Fun, "apperr", "M"), isSel(call.Fun, "i18n", "P"), isSel(call.Fun, "i18n", "Key"):
		return 0, true
	}
	if id, ok := call.Fun.(*ast.Ident); ok {
		switch id.Name {
		case "T":
			return 1, true
		case "P", "Key":
			return 0, true
		}
	}
	return 0, false
}

// TestKeysInSourceExist: every key written as a literal where a message
// is made (apperr.E, apperr.M, i18n.T and the like) is in the catalogue.
func TestKeysInSourceExist(t *testing.T) {
	seen := 0
	for _, sf := range repoSources(t) {
		ast.Inspect(sf.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			i, ok := keyArg(call)
			if !ok || i >= len(call.Args) {
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			seen++
			if !Has(key) {
				t.Errorf("%s: key %q is not in the catalogue", sf.fset.Position(lit.Pos()), key)
			}
			return true
		})
	}
	if seen < 50 {
		t.Fatalf("only %d keys found in the source: the scan is broken", seen)
	}
}
