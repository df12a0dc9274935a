package frontmatter

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

func dump(n *yaml.Node, ind string) {
	if n == nil {
		return
	}
	fmt.Printf("%skind=%v tag=%s style=%v val=%q L%d C%d\n", ind, n.Kind, n.Tag, n.Style, n.Value, n.Line, n.Column)
	for _, c := range n.Content {
		dump(c, ind+"  ")
	}
}

func TestScratch(t *testing.T) {
	for _, s := range []string{
		"---\na:\tb\n",
		"---\na: b\t\n",
		"---\nt:\n- \tx\n",
		"---\na: &x [*x]\n",
		"---\na: |\nb: 1\n",
		"---\na: !foo\nb: 1\n",
		"---\na: &q\nb: 1\n",
		"---\ntags: &t\n  - a\n",
		"---\n" + strings.Repeat("[", 20000),
		"---\n\ufeffa: 1\n",
		"---\na: x\u2028b: 1\n",
	} {
		fmt.Printf("=== %q\n", s[:min(len(s), 40)])
		d := yaml.NewDecoder(bytes.NewReader([]byte(s)))
		for i := 0; i < 3; i++ {
			var n yaml.Node
			err := d.Decode(&n)
			if err != nil {
				fmt.Printf("err %T %v\n", err, err)
				break
			}
			if !strings.Contains(s, "*x") {
				dump(&n, "")
			}
		}
	}
}
