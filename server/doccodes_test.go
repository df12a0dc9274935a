package server

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/rules"
)

// TestNeovimDocListsEveryCode: the Neovim help file's list of codes, which
// users copy into their severity settings, is the server's code table: it
// once missed backtick-join and the fidelity codes, and a setting for a code
// it did not list looked impossible.
func TestNeovimDocListsEveryCode(t *testing.T) {
	raw, err := os.ReadFile("../editors/nvim/doc/bluepencil.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	at := strings.Index(doc, "\nCodes")
	if at < 0 {
		t.Fatal(`doc/bluepencil.txt has no paragraph starting "Codes"`)
	}
	para := doc[at+1:]
	if end := strings.Index(para, "\n\n"); end >= 0 {
		para = para[:end]
	}
	var listed []string
	for _, m := range regexp.MustCompile("`([a-z]+(?:-[a-z]+)*)`").FindAllStringSubmatch(para, -1) {
		listed = append(listed, m[1])
	}
	var want []string
	for _, c := range rules.Codes {
		want = append(want, c.Name)
	}
	for _, c := range want {
		if !slices.Contains(listed, c) {
			t.Errorf("doc/bluepencil.txt does not list the code %s", c)
		}
	}
	for _, c := range listed {
		if _, ok := rules.LookupCode(c); !ok {
			t.Errorf("doc/bluepencil.txt lists %s, which is not a code", c)
		}
	}
}
