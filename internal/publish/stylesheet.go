package publish

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/render"
)

// MaxStylesheet bounds a site's stylesheet file: far above any real one.
const MaxStylesheet = 1 << 20

// Stylesheet reads a site's stylesheet as `render --css` names it: an
// http(s) address is linked, anything else is a file whose text is
// inlined, read as a regular file of at most MaxStylesheet bytes. A file
// holding "</style" is refused, since it would end the page's style
// element; the renderer checks that again. Errors name arg as given; a
// read error is the file system's, for the caller to word.
func Stylesheet(arg string) (render.Stylesheet, error) {
	if arg == "" {
		return render.Stylesheet{}, nil
	}
	if u, err := url.Parse(arg); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			return render.Stylesheet{}, fmt.Errorf("%q: a stylesheet's address must be http or https, with a host and no user name", arg)
		}
		// The page puts the address's origin in its Content-Security-
		// Policy, which takes only a plain host: refused here, before a
		// folder of pages is begun, rather than page by page.
		css := render.Stylesheet{Href: u.String()}
		if err := (render.Options{Stylesheet: css}).Check(); err != nil {
			return render.Stylesheet{}, err
		}
		return css, nil
	}
	data, err := archive.ReadFile(arg, MaxStylesheet)
	if errors.Is(err, archive.ErrTooLarge) {
		return render.Stylesheet{}, fmt.Errorf("%s: larger than 1 MiB, too large for a stylesheet", arg)
	}
	if err != nil {
		return render.Stylesheet{}, err
	}
	if strings.Contains(strings.ToLower(string(data)), "</style") {
		return render.Stylesheet{}, fmt.Errorf("%s: holds \"</style\", which would end the page's style element", arg)
	}
	return render.Stylesheet{Inline: string(data)}, nil
}
