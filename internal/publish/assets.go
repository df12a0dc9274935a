package publish

import (
	"os"

	"github.com/bluepencil/bluepencil/internal/render"
)

// The names Assets writes: what a site that embeds fragments links from
// its own page, since a fragment carries neither stylesheet nor script.
const (
	StyleName  = "bluepencil.css"
	ScriptName = "bluepencil.js"
)

// Assets writes the built-in stylesheet and script into the folder dir
// (created if missing), through an os.Root of it. A site serves them with
// its pages; the script needs a script-src that allows the site's own
// origin, and nothing in either comes from an article.
func Assets(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, a := range []struct{ name, text string }{{StyleName, render.Style}, {ScriptName, render.Script}} {
		if err := root.WriteFile(a.name, []byte(a.text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
