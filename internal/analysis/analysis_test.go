package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/rules"
)

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func codes(a *Analysis) string {
	var out []string
	for _, d := range a.Diagnostics {
		out = append(out, d.Code)
	}
	return strings.Join(out, " ")
}

// TestAnalyze checks what one analysis holds for the cases that decide
// its shape: no original, a matching and a differing original, one that
// is missing or outside the root, settings, and a file too large.
func TestAnalyze(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "ws/orig.txt", "The council approved the toll at noon.\n")
	head := "---\ntitle: T\noriginal: orig.txt\n---\n"
	tests := []struct {
		name, text, path string
		opts             Options
		codes            string
		compared         bool
		watch            []string
	}{
		{"no original", "A {--b--} c.\n", "ws/a.bp.md", Options{}, "", false, nil},
		{"no file", head + "The council approved the toll at noon.\n", "", Options{}, "", false, nil},
		{"matches", head + "The {--council--} approved the toll at noon.\n", "ws/a.bp.md", Options{}, "", true, []string{"ws/orig.txt"}},
		{"differs", head + "The council approved the toll at dusk.\n", "ws/a.bp.md", Options{}, "unmarked-change", true, []string{"ws/orig.txt"}},
		{"differs, silenced", head + "The council approved the toll at dusk.\n", "ws/a.bp.md",
			Options{Rules: rules.Options{Off: map[string]bool{"unmarked-change": true}}}, "", true, []string{"ws/orig.txt"}},
		{"missing", strings.Replace(head, "orig.txt", "gone.txt", 1) + "x\n", "ws/a.bp.md", Options{}, "original-not-found", false, []string{"ws/gone.txt"}},
		{"outside", strings.Replace(head, "orig.txt", "../secret.txt", 1) + "x\n", "ws/a.bp.md", Options{}, "original-outside-workspace", false, nil},
		{"too large", strings.Repeat("a", archive.MaxArticleSize+1), "ws/a.bp.md", Options{}, "article-too-large", false, nil},
		{"style", "The regime slammed the plan {++yesterday++}.\n", "ws/a.bp.md", Options{}, "loaded-label loaded-verb relative-time", false, nil},
		{"style off", "The regime slammed the plan.\n", "ws/a.bp.md", Options{Style: StyleOptions{Off: true}}, "", false, nil},
		{"style allowed", "---\nallow: [regime]\n---\nThe regime slammed the plan.\n", "ws/a.bp.md",
			Options{Style: StyleOptions{Allow: []string{"slammed"}}}, "", false, nil},
		{"style silenced", "The regime slammed the plan.\n", "ws/a.bp.md",
			Options{Rules: rules.Options{Off: map[string]bool{"loaded-label": true}}}, "loaded-verb", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Src: []byte(tt.text), Root: filepath.Join(dir, "ws")}
			if tt.path != "" {
				in.Path = filepath.Join(dir, tt.path)
			}
			opts := tt.opts
			opts.Watch = true
			a := Analyze(in, opts, &DiskSource{})
			if got := codes(a); got != tt.codes {
				t.Errorf("codes %q, want %q", got, tt.codes)
			}
			if (a.Fidelity != nil) != tt.compared || (a.Original != nil) != tt.compared {
				t.Errorf("compared: fidelity %v, original %v, want %v", a.Fidelity != nil, a.Original != nil, tt.compared)
			}
			var want []string
			for _, w := range tt.watch {
				want = append(want, filepath.Join(dir, w))
			}
			if strings.Join(a.Watch, ",") != strings.Join(want, ",") {
				t.Errorf("watch %q, want %q", a.Watch, want)
			}
		})
	}
}

// TestFixesOnlyWhenAsked: the fidelity check's fixes come for an editor,
// not for the command line.
func TestFixesOnlyWhenAsked(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "orig.txt", "The council approved the toll.\n")
	in := Input{Src: []byte("---\noriginal: orig.txt\n---\nThe council approved the new toll.\n"), Path: filepath.Join(dir, "a.bp.md"), Root: dir}
	for _, fixes := range []bool{false, true} {
		a := Analyze(in, Options{Fixes: fixes}, &DiskSource{})
		if len(a.Diagnostics) != 1 || (len(a.Diagnostics[0].Fixes) > 0) != fixes {
			t.Errorf("Fixes %v: %+v", fixes, a.Diagnostics)
		}
	}
}

// TestDiskSourceShares: articles naming one original, by any relative
// path and from many goroutines at once, share one read of it.
func TestDiskSourceShares(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "orig.txt", "Words.\n")
	src := &DiskSource{}
	var wg sync.WaitGroup
	got := make([]*Original, 40)
	for i := range got {
		wg.Go(func() {
			article, rel := filepath.Join(dir, "a.bp.md"), "orig.txt"
			if i%2 == 1 {
				article, rel = filepath.Join(dir, "sub", "b.bp.md"), "../orig.txt"
			}
			o, prob := src.Original(article, rel, dir)
			if prob != nil {
				t.Error(prob)
			}
			got[i] = o
		})
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("article %d got another copy of the original", i)
		}
	}
}

// TestDiskSourceBound: the cache keeps at most MaxBytes of originals,
// the least recently used going first, and a problem is never cached.
func TestDiskSourceBound(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a", "b", "c"} {
		write(t, dir, n+".txt", strings.Repeat(n, 100))
	}
	art := filepath.Join(dir, "x.bp.md")
	one, _ := (&DiskSource{}).Original(art, "a.txt", dir)
	limit := 2*one.Bytes() + one.Bytes()/2 // what preparing adds counts
	src := &DiskSource{MaxBytes: limit}
	a1, _ := src.Original(art, "a.txt", dir)
	src.Original(art, "b.txt", dir)
	src.Original(art, "a.txt", dir) // a is now the most recent
	src.Original(art, "c.txt", dir) // over the limit: b goes
	if src.bytes > limit || len(src.byKey) != 2 {
		t.Fatalf("cache holds %d bytes in %d originals", src.bytes, len(src.byKey))
	}
	if a2, _ := src.Original(art, "a.txt", dir); a2 != a1 {
		t.Error("a was evicted before b")
	}
	if _, prob := src.Original(art, "missing.txt", dir); prob == nil || len(src.byKey) != 2 {
		t.Errorf("problem %v, %d cached", prob, len(src.byKey))
	}
}

// TestLazyOriginalOnce: checks that ask for a lazy original at once all
// get the one preparation, made by whichever asked first, and its Bytes
// stay the estimate they were counted at.
func TestLazyOriginalOnce(t *testing.T) {
	data := []byte(strings.Repeat("some words of the original ", 20000))
	o := NewLazyOriginal("/o.txt", data)
	if o.Bytes() != 3*len(data) {
		t.Errorf("Bytes %d before, want the estimate %d", o.Bytes(), 3*len(data))
	}
	got := make([]*fidelity.Original, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i] = o.Prepared() })
	}
	wg.Wait()
	for i := range got {
		if got[i] == nil || got[i] != got[0] || got[i] != o.Prepared() {
			t.Fatalf("check %d got another preparation", i)
		}
	}
	if o.Bytes() != 3*len(data) {
		t.Errorf("Bytes %d after, want the estimate %d", o.Bytes(), 3*len(data))
	}
}

// TestEveryPassCombination analyses one article in an editor and finally,
// with the style pass on and off: each combination composes its passes
// on goroutines of its own, and one that waited for a pass it never
// started hung (check --no-style did, until CI's ten-minute timeout).
// The rules' and the comparison's diagnostics are the same in all four,
// and the style pass adds its own where it is on.
func TestEveryPassCombination(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "orig.txt", "The council approved the new toll.\n")
	in := Input{Src: []byte("---\noriginal: orig.txt\n---\nThe council approved the {--new--} toll [...] and a very drastic fee.\n"), Path: filepath.Join(dir, "a.bp.md"), Root: dir}
	codes := map[string][]string{}
	for _, final := range []bool{false, true} {
		for _, off := range []bool{false, true} {
			done := make(chan *Analysis, 1)
			go func() { done <- Analyze(in, Options{Final: final, Style: StyleOptions{Off: off}}, &DiskSource{}) }()
			var a *Analysis
			select {
			case a = <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("Final %v, style off %v: no analysis in 20 s", final, off)
			}
			var got []string
			for _, d := range a.Diagnostics {
				got = append(got, d.Code)
			}
			codes[fmt.Sprint(final, off)] = got
		}
	}
	if !slices.Equal(codes["false false"], codes["true false"]) || !slices.Equal(codes["false true"], codes["true true"]) {
		t.Fatalf("an editor's and a final analysis differ: %v", codes)
	}
	if len(codes["false false"]) <= len(codes["false true"]) || len(codes["false true"]) < 2 {
		t.Fatalf("want the rules' and the comparison's diagnostics, and the style pass's beside them: %v", codes)
	}
}
