//go:build hostile

package hostile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fidelity probes: the check against the archived original must give
// the same verdict on any machine and under any load, find every silent
// change however large the texts, and end within a bound on texts that
// have nothing in common.

// vocabulary is the common words of the generated prose; rare words made
// from the seed's stream are mixed in, as names and numbers are in news.
var vocabulary = strings.Fields(`the a of and to in is was it that he she they we you for on with as his her at by
from this have not but had are were be been which or one all would there their what so up out if about who
get go me when make can like time no just him know take people into year your good some could them see other
than then now look only come its over think also back after use two how our work first well way even new want
because any these give day most us council river stone house garden morning letter window bridge silver quiet
report mayor police court vote budget school street harbour flood storm week month minister said says told`)

// prose returns about size bytes of paragraphs of sentences, as a list of
// words and punctuation with the spacing before each.
func prose(seed uint64, size int) []string {
	r := rand.New(rand.NewPCG(seed, 0xF1DE))
	var out []string
	n := 0
	for n < size {
		sep := "\n\n"
		if len(out) == 0 {
			sep = ""
		}
		for s := 1 + r.IntN(4); s > 0; s-- {
			for w := 3 + r.IntN(12); w > 0; w-- {
				word := vocabulary[r.IntN(len(vocabulary))]
				if r.IntN(1000) == 0 {
					word = fmt.Sprintf("Name%d", r.IntN(100000))
				}
				out = append(out, sep+word)
				n += len(sep) + len(word)
				sep = " "
			}
			out = append(out, ".")
			n++
		}
	}
	return out
}

// isWord reports whether a piece of prose is a word, not a full stop.
func isWord(piece string) bool { return strings.TrimSpace(piece) != "." }

// replace returns p with the words at the chosen indexes replaced: by
// another word of the vocabulary when common is set (the hardest case for
// an aligner: nothing marks the new words out), else by "Changed<i>", a word
// the original lacks.
func replace(p []string, common bool, chosen func(i int) bool) ([]string, int) {
	out := append([]string(nil), p...)
	n := 0
	for i, piece := range out {
		if !isWord(piece) || !chosen(i) {
			continue
		}
		lead := piece[:len(piece)-len(strings.TrimLeft(piece, " \n"))]
		word := fmt.Sprintf("Changed%d", i)
		if common {
			word = vocabulary[(i*7919)%len(vocabulary)]
			if lead+word == piece {
				word = vocabulary[(i*7919+1)%len(vocabulary)]
			}
		}
		out[i] = lead + word
		n++
	}
	return out, n
}

// pairDir writes orig.txt and article.bp.md, whose front matter names it,
// into a new folder and returns the folder.
func pairDir(t *testing.T, orig, article []string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "orig.txt", []byte(strings.Join(orig, "")))
	write(t, dir, "article.bp.md", []byte("---\ntitle: T\noriginal: orig.txt\n---\n\n"+strings.Join(article, "")))
	return dir
}

// count counts the diagnostics of code in check's text output, those
// listed and those a too-many-problems diagnostic says were not.
func count(out []byte, code string) int {
	n := bytes.Count(out, []byte("("+code+")\n"))
	for _, m := range omittedCount.FindAllSubmatch(out, -1) {
		if string(m[2]) == code {
			k, _ := strconv.Atoi(string(m[1]))
			n += k
		}
	}
	return n
}

var omittedCount = regexp.MustCompile(`not listed:(?: [0-9]+ [a-z-]+,)* ([0-9]+) ([a-z-]+)`)

// busy starts n processes that burn a CPU each until the test ends.
func busy(t *testing.T, n int) {
	t.Helper()
	for range n {
		cmd := exec.Command("sh", "-c", "while :; do :; done")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Kill()
			cmd.Wait()
		})
	}
}

// TestFidelityQuarterReplacedIsStable: an article with a quarter of its
// words silently replaced fails with thousands of unmarked changes, and
// the output is the same byte for byte on a quiet machine, with two more
// processes burning the CPUs, and with GOMAXPROCS=1. The wall-clock bound
// this replaced made such an article pass with one warning whenever the
// diff ran out of time: on a busy machine at 200 KiB, at 2 MiB always.
func TestFidelityQuarterReplacedIsStable(t *testing.T) {
	for _, size := range []int{200 << 10, 2 << 20} {
		t.Run(fmt.Sprintf("%dKiB", size>>10), func(t *testing.T) {
			orig := prose(1, size)
			r := rand.New(rand.NewPCG(2, 2))
			article, n := replace(orig, true, func(int) bool { return r.IntN(4) == 0 })
			stableVerdict(t, pairDir(t, orig, article), n)
		})
	}
}

func stableVerdict(t *testing.T, dir string, replaced int) {
	var first Run
	for i, mode := range []string{"quiet", "quiet", "quiet", "busy", "GOMAXPROCS=1"} {
		if mode == "busy" {
			busy(t, 2)
		}
		if mode == "GOMAXPROCS=1" {
			t.Setenv("GOMAXPROCS", "1")
		}
		res := run(t, 60*time.Second, dir, "check", ".")
		mustFinish(t, res, mode)
		got := count(res.Stdout, "unmarked-change")
		t.Logf("run %d (%s): exit %d, %d unmarked changes for %d replaced words, %v, %d MiB", i+1, mode, res.Code, got, replaced, res.Wall.Round(time.Millisecond), res.MaxRSS>>20)
		if res.Code != 1 || got < replaced/2 {
			t.Fatalf("%s: exit %d with %d unmarked changes; want exit 1 and thousands\n%s", mode, res.Code, got, head(res.Stdout, 500))
		}
		if i == 0 {
			first = res
		} else if !bytes.Equal(res.Stdout, first.Stdout) {
			t.Fatalf("%s: output differs from the first run's", mode)
		}
	}
}

// TestFidelityOneWordIn2MiB: one silently replaced word in a 2 MiB article
// is found, on its line.
func TestFidelityOneWordIn2MiB(t *testing.T) {
	orig := prose(3, 2<<20)
	at := len(orig) * 2 / 3
	for !isWord(orig[at]) {
		at++
	}
	article, _ := replace(orig, false, func(i int) bool { return i == at })
	dir := pairDir(t, orig, article)
	res := run(t, 60*time.Second, dir, "check", ".")
	mustFinish(t, res, "check")
	line := 6 + strings.Count(strings.Join(article[:at+1], ""), "\n") // the body starts on line 6
	want := fmt.Sprintf("article.bp.md:%d:", line)
	if res.Code != 1 || count(res.Stdout, "unmarked-change") != 1 || !bytes.Contains(res.Stdout, []byte(want)) {
		t.Fatalf("exit %d, want exit 1 and one unmarked change at %s:\n%s", res.Code, want, head(res.Stdout, 1000))
	}
	t.Logf("%v, %d MiB", res.Wall.Round(time.Millisecond), res.MaxRSS>>20)
}

// TestFidelityUnrelatedPairs: 4 MiB and 10 MiB texts with nothing in
// common end within the bound with an error verdict.
func TestFidelityUnrelatedPairs(t *testing.T) {
	for _, size := range []int{4 << 20, 10 << 20} {
		t.Run(fmt.Sprintf("%dMiB", size>>20), func(t *testing.T) {
			dir := pairDir(t, prose(4, size), prose(5, size))
			res := run(t, 20*time.Second, dir, "check", ".")
			mustFinish(t, res, "check")
			t.Logf("exit %d, %d unmarked changes, %v, %d MiB", res.Code, count(res.Stdout, "unmarked-change"), res.Wall.Round(time.Millisecond), res.MaxRSS>>20)
			if res.Code != 1 || count(res.Stdout, "original-too-different") != 1 {
				t.Fatalf("exit %d, want exit 1 with original-too-different:\n%s", res.Code, head(res.Stdout, 1000))
			}
		})
	}
}

// TestFidelitySparseChangesIn10MiB: a 10 MiB article with a word replaced
// every 4 KiB or so: every change is found, each on its own.
func TestFidelitySparseChangesIn10MiB(t *testing.T) {
	orig := prose(6, 10<<20)
	step := len(orig) / 2500
	article, n := replace(orig, false, func(i int) bool { return i%step == step/2 })
	dir := pairDir(t, orig, article)
	res := run(t, 60*time.Second, dir, "check", ".")
	mustFinish(t, res, "check")
	got := count(res.Stdout, "unmarked-change")
	t.Logf("exit %d, %d of %d changes found, %v, %d MiB", res.Code, got, n, res.Wall.Round(time.Millisecond), res.MaxRSS>>20)
	if res.Code != 1 || got != n || count(res.Stdout, "original-too-different") != 0 {
		t.Fatalf("exit %d, %d unmarked changes; want exit 1 and %d", res.Code, got, n)
	}
	for i := range article {
		if strings.HasPrefix(strings.TrimLeft(article[i], " \n"), "Changed") {
			if want := fmt.Sprintf("the original says “%s”", strings.TrimLeft(orig[i], " \n")); !bytes.Contains(res.Stdout, []byte(want)) {
				t.Fatalf("no diagnostic says %s", want)
			}
		}
	}
}
