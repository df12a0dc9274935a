package frontmatter

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSlowCorpus(t *testing.T) {
	dir := os.Getenv("CORPUS")
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	type r struct {
		d time.Duration
		f string
		n int
	}
	var rs []r
	for _, f := range files {
		data, _ := os.ReadFile(f)
		lines := strings.SplitN(string(data), "\n", 3)
		s := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
		b, err := strconv.Unquote(s)
		if err != nil {
			continue
		}
		start := time.Now()
		for i := 0; i < 10; i++ {
			check(t, []byte(b))
			check(t, append(append([]byte("---\n"), b...), "\n---\n"...))
		}
		rs = append(rs, r{time.Since(start) / 10, f, len(b)})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	for _, x := range rs[:min(5, len(rs))] {
		t.Logf("%v %d %s", x.d, x.n, filepath.Base(x.f))
	}
}
