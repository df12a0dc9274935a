package view

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestViewsGolden builds the three views of each testdata/*.txtar "input"
// and compares them with the files "original", "published" and "clean".
func TestViewsGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var input []byte
			for _, f := range ar.Files {
				if f.Name == "input" {
					input = f.Data
				}
			}
			d := markup.Parse(input)
			got := map[string][]byte{}
			for _, w := range []Which{Original, Published, Clean} {
				v := Build(d, w, Options{})
				got[w.String()] = v.Text
				checkMap(t, d, v)
			}
			if *update {
				var keep []txtar.File
				for _, f := range ar.Files {
					if f.Name == "input" {
						keep = append(keep, f)
					}
				}
				for _, name := range []string{"original", "published", "clean"} {
					keep = append(keep, txtar.File{Name: name, Data: got[name]})
				}
				ar.Files = keep
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if len(ar.Files) != 4 {
				t.Fatal("want sections input, original, published and clean; run with -update")
			}
			for _, f := range ar.Files {
				if f.Name == "input" {
					continue
				}
				if g, ok := got[f.Name]; !ok {
					t.Errorf("unknown section %q", f.Name)
				} else if string(g) != string(f.Data) {
					t.Errorf("%s view:\n got %q\nwant %q", f.Name, g, f.Data)
				}
			}
		})
	}
}

// checkMap verifies the offset map of v against its text: copied bytes map
// to the same bytes in the article, and both directions are monotonic.
func checkMap(t *testing.T, d *markup.Document, v *View) {
	t.Helper()
	prevA := 0
	for off := 0; off <= len(v.Text); off++ {
		a := v.ToArticle(off)
		if a < prevA || a < 0 || a > len(d.Src) {
			t.Fatalf("%s: ToArticle(%d) = %d not monotonic or out of bounds (prev %d)", v.Which, off, a, prevA)
		}
		prevA = a
	}
	prevV := 0
	for off := 0; off <= len(d.Src); off++ {
		o := v.ToView(off)
		if o < prevV || o < 0 || o > len(v.Text) {
			t.Fatalf("%s: ToView(%d) = %d not monotonic or out of bounds (prev %d)", v.Which, off, o, prevV)
		}
		prevV = o
	}
	for _, s := range v.Segments() {
		if s.Synthetic {
			continue
		}
		if string(v.Text[s.View:s.View+s.Len]) != string(d.Src[s.Start:s.End]) {
			t.Fatalf("%s: segment %+v text differs from the article", v.Which, s)
		}
		for k := 0; k < s.Len; k++ {
			if v.ToArticle(s.View+k) != s.Start+k || v.ToView(s.Start+k) != s.View+k {
				t.Fatalf("%s: copied byte %d does not round trip", v.Which, s.View+k)
			}
		}
	}
}

// TestElisionText checks that the configured elision text is used.
func TestElisionText(t *testing.T) {
	d := markup.Parse([]byte("a {--b--} c"))
	if got := string(Build(d, Published, Options{ElisionText: "…"}).Text); got != "a … c" {
		t.Errorf("got %q", got)
	}
}

// TestMapThroughMarks pins a few offsets through each kind of mark.
func TestMapThroughMarks(t *testing.T) {
	src := "ab {--cd--} ef {++gh++} ij"
	d := markup.Parse([]byte(src))
	pub := Build(d, Published, Options{})
	if string(pub.Text) != "ab [...] ef gh ij" {
		t.Fatalf("published = %q", pub.Text)
	}
	// "[...]" stands for the whole elision: each of its bytes maps to its start.
	if got := pub.ToArticle(4); got != 3 {
		t.Errorf("ToArticle inside [...] = %d, want 3", got)
	}
	// The addition's body "gh" maps back into the mark's body.
	if got := pub.ToArticle(12); got != 18 {
		t.Errorf("ToArticle(12) = %d, want 18 ('g' of gh)", got)
	}
	orig := Build(d, Original, Options{})
	if string(orig.Text) != "ab cd ef ij" {
		t.Fatalf("original = %q", orig.Text)
	}
	// The addition's bytes are gone from the original: they map to where it was.
	if got := orig.ToView(18); got != 9 {
		t.Errorf("ToView inside the addition = %d, want 9", got)
	}
}

// TestJunctionsFormNoMarks checks that removing a mark never joins its
// neighbours into mark syntax the article did not have.
func TestJunctionsFormNoMarks(t *testing.T) {
	for _, src := range []string{"{{>>n<<}--x", "a-{++b++}-} c", "x~{>>n<<}>y", "{{==--==}x", "{~~~>~~}~~~", "{>>n<<}```\ncode", "~{>>n<<}~~ x", "  `{>>a<<}``y"} {
		d := markup.Parse([]byte(src))
		for _, w := range []Which{Original, Published, Clean} {
			v := Build(d, w, Options{})
			for _, m := range markup.Parse(v.Text).Marks {
				t.Errorf("%s view of %q is %q, which holds the mark %q", w, src, v.Text, m.Span().Text(v.Text))
			}
			for _, p := range markup.Parse(v.Text).Problems {
				t.Errorf("%s view of %q is %q, which has problem %s", w, src, v.Text, p.Code)
			}
		}
	}
}

// TestNoBareElisionAtJunction checks that a view never spells a bare
// elision that the article does not have, whatever side of the junction
// holds the bracket, and that the escape keeps the offset map sound.
func TestNoBareElisionAtJunction(t *testing.T) {
	for _, src := range []string{"x [..[...].] y", "[{>>n<<}...]", "[.{--x--}..]", "[..{++x++}.]", "a [{>>n<<}…] b", "[...{>>n<<}]", "\\[.{>>n<<}..]"} {
		d := markup.Parse([]byte(src))
		// The bare elisions the article has; the published view also shows
		// each elision as one.
		bare, cuts := 0, 0
		for _, m := range d.Marks {
			switch m.Kind {
			case markup.BareElision:
				bare++
			case markup.Elision:
				cuts++
			}
		}
		for _, w := range []Which{Original, Published} {
			v := Build(d, w, Options{})
			checkMap(t, d, v)
			want := bare
			if w == Published {
				want += cuts
			}
			got := 0
			for _, m := range markup.Parse(v.Text).Marks {
				if m.Kind == markup.BareElision {
					got++
				}
			}
			if got != want {
				t.Errorf("%s view of %q is %q: %d bare elisions, the article has %d", w, src, v.Text, got, want)
			}
		}
		v := Build(d, Clean, Options{})
		checkMap(t, d, v)
		if ms := markup.Parse(v.Text).Marks; len(ms) > 0 {
			t.Errorf("clean view of %q is %q, which holds %q", src, v.Text, ms[0].Span().Text(v.Text))
		}
	}
}

// TestTidyAtEnd checks that a mark leaving nothing at the very end of the
// text, with no final newline, takes the space before it, as it does
// before a newline.
func TestTidyAtEnd(t *testing.T) {
	for src, want := range map[string]string{
		"Text {>>n<<}":          "Text",
		"Text {>>n<<}\n":        "Text\n",
		"Text {==a {>>n<<}==}":  "Text a",
		"Text {++a++}":          "Text",
		"{>>n<<}":               "",
		"A {>>n<<} {>>m<<} end": "A end",
	} {
		d := markup.Parse([]byte(src))
		v := Build(d, Original, Options{})
		checkMap(t, d, v)
		if string(v.Text) != want {
			t.Errorf("original view of %q = %q, want %q", src, v.Text, want)
		}
	}
}
