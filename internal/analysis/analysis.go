package analysis

import (
	"fmt"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/style"
)

// Input is one version of an article.
type Input struct {
	Src []byte
	// Path is the article's file path, "" for a text with no file (an
	// unsaved editor buffer): then no original is read.
	Path string
	// Root is the folder the original must lie in: the folder named on the
	// command line, or the workspace folder in an editor.
	Root string
}

// Options are the user's settings that change an analysis.
type Options struct {
	// Rules silences codes and overrides severities.
	Rules rules.Options
	// Fixes asks for the fidelity check's fixes. An editor offers them; the
	// command line prints none, and finding and checking them is most of
	// what the check spends per difference. (The rules' fixes cost little
	// and always come.)
	Fixes bool
	// Watch asks for Analysis.Watch, the files an editor should watch;
	// the command line reads each file once and needs none (resolving the
	// paths was a tenth of its time on a corpus).
	Watch bool
	// Final says no Update will follow (the command line): the fidelity
	// check then skips what only an Update needs.
	Final bool
	// Style configures the style pass: the words worth cutting.
	Style StyleOptions
}

// StyleOptions configure the style pass (internal/style). Its codes take
// their severities and silencing from Options.Rules like every other, but
// the pass applies them itself: a flag in the editor's own words is one
// step more severe than the same flag in the outlet's text.
type StyleOptions struct {
	// Off runs no style pass (check --no-style): only the markup and
	// fidelity checks, for CI that wants the hard errors alone.
	Off bool
	// Allow are the workspace's words and phrases never flagged; the
	// article's front matter `allow:` adds its own.
	Allow []string
	// Matcher is the built-in lexicon with the workspace's Vale rules;
	// nil is the built-in lexicon alone.
	Matcher *style.Matcher
}

// Original is an archived original as read from disk: shared, read-only,
// by every analysis of every article that names it.
type Original struct {
	// Path is the file's real path, symbolic links resolved.
	Path string
	Data []byte

	lazy bool
	// prepared is Data prepared, once it is (by once, if lazy).
	once     sync.Once
	prepared *fidelity.Original
}

// NewOriginal prepares the original data read from path. A Source calls
// it where it reads, which is off the goroutine that parses the article.
func NewOriginal(path string, data []byte) *Original {
	return &Original{Path: path, Data: data, prepared: fidelity.Prepare(data)}
}

// NewLazyOriginal is NewOriginal for the command line, whose checks are
// final: the data is prepared (without the index of its runs, which a
// check builds if it needs it) only when a check needs it, which the
// check of a faithful article does not.
//
// It used to be prepared ahead of the need too, while the article was
// parsed, and given up once the article turned out faithful: on two cores
// that was a core's worth of tokenizing taken from the style pass in most
// checks (0.6-0.9 ms of a 1 or 4 MiB one), for 0.4-0.5 ms saved in the
// others once the comparison starts the preparation at once (CheckRead).
func NewLazyOriginal(path string, data []byte) *Original {
	return &Original{Path: path, Data: data, lazy: true}
}

// Prepared returns Data tokenized and indexed for the fidelity check, once
// for every article and every keystroke that compares with it, preparing
// it if no one has (or waiting for the preparation under way).
func (o *Original) Prepared() *fidelity.Original {
	if o.lazy {
		o.once.Do(func() { o.prepared = fidelity.PrepareLazy(o.Data) })
	}
	return o.prepared
}

// Bytes returns the memory the original holds: its text and what
// preparing it added (about twice the text on prose). For an original
// prepared lazily it is that estimate, the same before and after, so that
// a cache that counted it can count it off.
func (o *Original) Bytes() int {
	switch {
	case o.lazy:
		return 3 * len(o.Data)
	case o.prepared == nil:
		return len(o.Data)
	}
	return len(o.Data) + o.prepared.Bytes() // set once, at NewOriginal
}

// Source reads the original named rel by the article at articlePath,
// inside root, or says why it cannot.
type Source interface {
	Original(articlePath, rel, root string) (*Original, *archive.Problem)
}

// Analysis is what bluepencil knows about one version of an article.
type Analysis struct {
	Src []byte
	Doc *markup.Document
	// Diagnostics are ordered by position, the options applied.
	Diagnostics []rules.Diagnostic
	// Fidelity is the comparison with the original, nil when the article
	// names none or it could not be read; Original is what it compared with.
	Fidelity *fidelity.Result
	Original *Original
	// style is the style pass's result and the options it ran with, for
	// the next Update; nil when it did not run, or was final.
	style     *style.Result
	styleOpts style.Options
	// Watch lists, when Options.Watch asks, the files whose change can
	// change this analysis: the original as the article names it (even
	// while it is missing, so that its appearing is noticed) and where
	// that name resolves to.
	Watch []string
}

// Analyze analyses one version of an article.
func Analyze(in Input, opts Options, src Source) *Analysis {
	if len(in.Src) > archive.MaxArticleSize {
		return tooLarge(in, opts)
	}
	// The original is read while the article is parsed and checked: its
	// name is in the front matter, which is found without parsing marks.
	// Which goroutine finishes first changes nothing but the time.
	return analyze(in, opts, fetch(in, src), nil)
}

// analyze parses and checks the article in, and compares it with the
// original f reads, with prior's help when it is given.
func analyze(in Input, opts Options, f *fetched, prior *prior) *Analysis {
	a := &Analysis{Src: in.Src}
	if prior != nil {
		a.Doc = markup.Update(prior.doc, in.Src, prior.edit)
	} else {
		a.Doc = markup.Parse(in.Src)
	}
	// The style pass reads the document alone: it runs beside the rules
	// and the comparison with the original, on another core when there is
	// one. Its result is the same whichever finishes first.
	var diags, styled []rules.Diagnostic
	if opts.Final {
		diags, styled = a.checkFinal(in, opts, f, prior)
	} else {
		diags, styled = a.checkEditing(in, opts, f, prior)
	}
	a.Diagnostics = mergeByStart(opts.Rules.Apply(diags), styled)
	return a
}

// checkFinal runs the rules, the comparison and the style pass of a final
// check, and returns the first two's diagnostics and the pass's.
func (a *Analysis) checkFinal(in Input, opts Options, f *fetched, prior *prior) (diags, styled []rules.Diagnostic) {
	if opts.Style.Off {
		return rules.Merge(rules.Check(a.Doc, rules.Options{}), a.compare(in, opts, f, prior)), nil
	}
	// The pass is cut into chunks for every core: the style goroutine
	// runs them, and this one takes those left once its own work is
	// done, so that a core busy comparing with the original takes none.
	done := make(chan []rules.Diagnostic, 1)
	split := make(chan *style.Split, 1)
	go func() {
		// Four chunks a core: the main goroutine comes to them late.
		s := style.NewSplit(a.Doc, a.styleOptions(opts), 4*runtime.GOMAXPROCS(0))
		split <- s
		if f != nil {
			// The original's reading goes first: the comparison waits
			// for it, and the pass on the same core slowed it by half
			// and more (a 1 MiB original read in 1.2 ms instead of 0.5,
			// in 3 ms one check in four); the pass loses nothing, as the
			// main goroutine takes its chunks once the comparison is
			// done.
			<-f.done
		}
		s.Work()
		done <- s.Diagnostics()
	}()
	// A goroutine just started waits on this core until this one blocks,
	// and the other core is busy reading the original: the pass began
	// only once the comparison was done, and ran on both cores while
	// nothing else could. Yielding starts it now; this goroutine gets a
	// core back at the pass's next yield.
	runtime.Gosched()
	diags = rules.Merge(rules.Check(a.Doc, rules.Options{}), a.compare(in, opts, f, prior))
	// Help with the chunks left. Waiting for the cut rather than leaving
	// the pass to the style goroutine when it is not made yet matters:
	// the comparison of a faithful article often ends first, and the
	// whole pass then ran on one core with the other idle (11 of a 4 MiB
	// check's 20 ms).
	(<-split).Work()
	return diags, <-done
}

// checkEditing is checkFinal for an editor. The three passes are about
// the edit or linear with small constants, none much longer than the
// others: each gets a goroutine, so that the comparison, the longest on a
// keystroke with an original (0.4 of a 1 MiB article's 0.8 ms), has a
// core to itself while the rules and the style pass share the other,
// instead of the rules running before it.
func (a *Analysis) checkEditing(in Input, opts Options, f *fetched, prior *prior) (diags, styled []rules.Diagnostic) {
	done := make(chan []rules.Diagnostic, 1)
	go func() { done <- a.runStyle(opts, prior) }()
	ruled := make(chan []rules.Diagnostic, 1)
	go func() { ruled <- rules.Check(a.Doc, rules.Options{}) }()
	extra := a.compare(in, opts, f, prior)
	return rules.Merge(<-ruled, extra), <-done
}

// runStyle returns the style pass's diagnostics, ordered by position, for
// a check that is not final (checkFinal splits a final pass over every core
// itself). In an editor it redoes only the paragraphs about the edit, when
// the options are those of the previous version.
func (a *Analysis) runStyle(opts Options, prior *prior) []rules.Diagnostic {
	if opts.Style.Off {
		return nil
	}
	so := a.styleOptions(opts)
	switch {
	case prior != nil && prior.style != nil && sameStyle(prior.styleOpts, so):
		a.style = prior.style.Update(a.Doc, prior.edit, so)
	default:
		a.style = style.CheckResult(a.Doc, so)
	}
	a.styleOpts = so
	return a.style.Diagnostics
}

// styleOptions returns the style pass's options: opts' and the front
// matter's.
func (a *Analysis) styleOptions(opts Options) style.Options {
	so := style.Options{Allow: opts.Style.Allow, Matcher: opts.Style.Matcher, Severity: opts.Rules.Severity, Off: opts.Rules.Off}
	if fm := rules.FrontMatter(a.Doc); fm != nil {
		so.Published = fm.PublishedDate
		if len(fm.Allow) > 0 {
			so.Allow = append(slices.Clip(so.Allow), fm.Allow...)
		}
	}
	return so
}

// sameStyle reports whether two runs of the style pass had the same
// options, so that one can be updated into the other.
func sameStyle(a, b style.Options) bool {
	return a.Published.Equal(b.Published) && a.Matcher == b.Matcher && a.NoScareQuotes == b.NoScareQuotes &&
		slices.Equal(a.Allow, b.Allow) && maps.Equal(a.Severity, b.Severity) && maps.Equal(a.Off, b.Off)
}

// mergeByStart merges two lists of diagnostics ordered by position into
// one, a's first among those that start at one place.
func mergeByStart(a, b []rules.Diagnostic) []rules.Diagnostic {
	if len(b) == 0 {
		return a
	}
	out := make([]rules.Diagnostic, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0].Span.Start < a[0].Span.Start {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// tooLarge is the analysis of an article too large to analyse: the
// command line refuses such a file, and the limit is what bounds the work
// of a keystroke in the editor.
func tooLarge(in Input, opts Options) *Analysis {
	return &Analysis{Src: in.Src, Doc: &markup.Document{Src: in.Src}, Diagnostics: opts.Rules.Apply([]rules.Diagnostic{
		rules.New(rules.CodeArticleTooLarge, span.Span{},
			fmt.Sprintf("the article is %d MiB; bluepencil checks articles up to %d MiB", len(in.Src)>>20, archive.MaxArticleSize>>20))})}
}

// fetched is an original being read on another goroutine.
type fetched struct {
	done chan struct{}
	orig *Original
	prob *archive.Problem
}

// fetch starts reading the original the article names, if it names one
// and has a file, and returns nil otherwise.
func fetch(in Input, src Source) *fetched {
	if in.Path == "" || src == nil {
		return nil
	}
	b, ok := frontmatter.Find(in.Src)
	if !ok || !b.Closed {
		return nil
	}
	fm := rules.FrontMatter(&markup.Document{Src: in.Src, FrontMatter: b, HasFrontMatter: true})
	if fm == nil || fm.Original == "" {
		return nil
	}
	f := &fetched{done: make(chan struct{})}
	go func() {
		f.orig, f.prob = src.Original(in.Path, fm.Original, in.Root)
		close(f.done)
	}()
	return f
}

// compare checks the article against the original its front matter names,
// when it names one and the article has a file, and returns the
// diagnostics: the differences, or why the original cannot be read.
func (a *Analysis) compare(in Input, opts Options, f *fetched, prior *prior) []rules.Diagnostic {
	d := a.Doc
	if f == nil {
		return nil
	}
	fm := rules.FrontMatter(d)
	if !d.HasFrontMatter || fm == nil || fm.Original == "" {
		return nil
	}
	field := fm.Fields["original"].ValueSpan
	if opts.Watch {
		defer a.watch(in, fm.Original, f)
	}
	problem := func() []rules.Diagnostic { return []rules.Diagnostic{rules.New(f.prob.Code, field, f.prob.Message)} }
	select {
	case <-f.done:
		if f.prob != nil {
			return problem() // known already: no need to read the article's words
		}
	default:
	}
	fopts := fidelity.Options{NoFixes: !opts.Fixes, Final: opts.Final}
	var res fidelity.Result
	if prior == nil || prior.fid == nil {
		// The article is read for the check while the original is still
		// being read and prepared, on the other goroutine; the result is
		// the same whichever is done first.
		// A final check compares the texts as soon as the original is
		// read, and prepares it only if they differ.
		var ok bool
		res, ok = fidelity.CheckRead(d, f.done, func() ([]byte, bool) {
			<-f.done
			if f.prob != nil {
				return nil, false
			}
			return f.orig.Data, true
		}, func() *fidelity.Original { return f.orig.Prepared() }, field, fopts)
		if !ok {
			return problem()
		}
	} else {
		<-f.done
		if f.prob != nil {
			return problem()
		}
		// The same as a full check (Update checks the whole article when
		// the edit reaches too far, or the original or options changed).
		res = prior.fid.Update(d, f.orig.Prepared(), prior.edit, field, fopts)
	}
	a.Fidelity, a.Original = &res, f.orig
	return res.Diagnostics
}

// watch fills in Watch: the original rel as named (even while it is
// missing, so that its appearing is noticed) and where it resolves to.
func (a *Analysis) watch(in Input, rel string, f *fetched) {
	if named := filepath.Join(filepath.Dir(in.Path), filepath.FromSlash(rel)); !filepath.IsAbs(rel) && Within(in.Root, named) {
		a.Watch = []string{named}
	}
	// The original fetched has the path resolved (Original.Path): the
	// symbolic links of every folder above it were looked up again on
	// every keystroke, half of what an original cost a 20 KiB article's.
	<-f.done
	real, ok := "", false
	if f.orig != nil {
		real, ok = f.orig.Path, true
	} else if r, prob := archive.Resolve(in.Path, rel, in.Root); prob == nil {
		real, ok = r, true
	}
	if ok && (len(a.Watch) == 0 || a.Watch[0] != real) {
		a.Watch = append(a.Watch, real)
	}
}

// Within reports whether path lies in the folder root, by their names.
func Within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// HasErrors reports whether any diagnostic has error severity: what makes
// check exit 1.
func (a *Analysis) HasErrors() bool {
	for _, d := range a.Diagnostics {
		if d.Severity == rules.Error {
			return true
		}
	}
	return false
}
