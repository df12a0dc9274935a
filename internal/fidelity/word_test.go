package fidelity

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWordSpan(t *testing.T) {
	// Each case marks the selection with ⟨ and ⟩ and the widened one with
	// [ and ].
	tests := []struct{ in, want string }{
		{"It was ⟨f⟩ine.", "It was [fine]."},           // Helix's one-character cursor
		{"It was f⟨ine⟩.", "It was [fine]."},           // the end of a word
		{"It was ⟨fine⟩.", "It was [fine]."},           // whole already
		{"It ⟨was fi⟩ne.", "It [was fine]."},           // only the end cuts
		{"I⟨t was⟩ fine.", "[It was] fine."},           // only the start cuts
		{"It⟨ was ⟩fine.", "It[ was ]fine."},           // spaces at both ends
		{"It was fine⟨.⟩", "It was fine[.]"},           // punctuation is a token of its own
		{"It was⟨⟩ fine.", "It was[] fine."},           // a cursor after a word
		{"It w⟨⟩as fine.", "It [was] fine."},           // a cursor inside one
		{"a well-kn⟨ow⟩n fact", "a [well-known] fact"}, // a hyphen joins
		{"we⟨ll⟩- known", "[well]- known"},             // not when a space follows
		{"don’⟨t⟩ go", "[don’t] go"},                   // a curly apostrophe joins
		{"snake_c⟨a⟩se", "[snake_case]"},               // so does an underscore
		{"**bo⟨l⟩d**", "**[bold]**"},                   // emphasis is not part of the word
		{"caf⟨é⟩ au lait", "[café] au lait"},
		{"Zü⟨r⟩ich", "[Zürich]"},
		{"x 𐐀𐐀⟨𐐀⟩ y", "x [𐐀𐐀𐐀] y"},       // an astral letter
		{"tail ⟨😀⟩ end", "tail [😀] end"}, // an emoji is a token of its own
		{"ta⟨il 😀⟩", "[tail 😀]"},
		{"12⟨3⟩,456", "[123],456"},
		{"{--cu⟨t--}⟩", "{--[cut--}]"},
		{"⟨⟩", "[]"},
	}
	for _, tt := range tests {
		text, s, e := cut(t, tt.in, "⟨", "⟩")
		_, ws, we := cut(t, tt.want, "[", "]")
		gs, ge := WordSpan([]byte(text), s, e)
		if gs != ws || ge != we {
			t.Errorf("WordSpan(%q) = %q, want %q", tt.in, text[:gs]+"["+text[gs:ge]+"]"+text[ge:], tt.want)
		}
	}
}

// cut removes the markers open and close from s, and returns where they were.
func cut(t *testing.T, s, open, close string) (string, int, int) {
	t.Helper()
	i := strings.Index(s, open)
	s = s[:i] + s[i+len(open):]
	j := strings.Index(s, close)
	if i < 0 || j < i {
		t.Fatalf("bad case %q", s)
	}
	return s[:j] + s[j+len(close):], i, j
}

// TestWordSpanAgreesWithTokenize checks that the words WordSpan widens to
// are the words Tokenize reads: a cursor anywhere inside a word token
// widens to that token, and a cursor anywhere else stays put.
func TestWordSpanAgreesWithTokenize(t *testing.T) {
	pieces := []string{"a", "b", "Z", "7", "é", "e\u0301", "𐐀", "😀", "’", "'", "-", "_", "*", "`", " ", " ", ".", ",", "—", "{--", "~>", "[...]"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		b.WriteString("x ") // no Markdown syntax at the start of the line
		for range rng.IntN(20) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := []byte(b.String())
		inside := make([]bool, len(text)+1)
		for _, tok := range Tokenize(text) {
			s, e := int(tok.Start), int(tok.End)
			if r, _ := utf8.DecodeRune(text[s:]); !isWordRune(r) {
				continue
			}
			for p := s + 1; p < e; p++ {
				if !utf8.RuneStart(text[p]) {
					continue
				}
				inside[p] = true
				if gs, ge := WordSpan(text, p, p); gs != s || ge != e {
					t.Fatalf("%q: WordSpan at %d = [%d, %d), want the token [%d, %d)", text, p, gs, ge, s, e)
				}
			}
		}
		for p := 0; p <= len(text); p++ {
			if inside[p] || p < len(text) && !utf8.RuneStart(text[p]) {
				continue
			}
			if gs, ge := WordSpan(text, p, p); gs != p || ge != p {
				t.Fatalf("%q: WordSpan at %d, between tokens, = [%d, %d)", text, p, gs, ge)
			}
		}
	}
}

func TestHasToken(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{{"fine", true}, {",", true}, {"😀", true}, {"  \n", false}, {"**", false}, {"#", false}, {"`", false}, {"", false}} {
		if got := HasToken([]byte(tt.in)); got != tt.want {
			t.Errorf("HasToken(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
