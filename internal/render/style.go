package render

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"github.com/bluepencil/bluepencil/internal/wcag"
	"strings"
)

// Style is the page's built-in stylesheet. Its colours are custom
// properties on .bp-page, in pairs: --bp-NAME-fg is written on
// --bp-NAME-bg, or on --bp-page-bg when there is none; the tests check each
// pair at WCAG AA (4.5:1) in the light and the dark scheme. A site that
// embeds the fragment may set the same properties.
//
// Cut and replaced words are hidden until revealed: by their button's
// aria-expanded, which the script sets; without the script (html lacks
// bp-js), by hovering or focusing the button, or by the show-all box.
// With the script each button keeps its own state, so that one hidden
// again after "show all" stays hidden.
const Style = `.bp-page{--bp-page-fg:#1a1a1a;--bp-page-bg:#ffffff;--bp-muted-fg:#4b5563;--bp-link-fg:#1d4ed8;
--bp-added-fg:#1e3a8a;--bp-added-bg:#dbeafe;--bp-cut-fg:#78350f;--bp-cut-bg:#fef3c7;
--bp-old-fg:#7f1d1d;--bp-old-bg:#fee2e2;--bp-button-fg:#1f2937;--bp-button-bg:#e5e7eb;
--bp-untracked-fg:#b91c1c;--bp-rule:#d1d5db;--bp-focus:#1d4ed8;
color:var(--bp-page-fg);background:var(--bp-page-bg)}
@media (prefers-color-scheme:dark){.bp-page{--bp-page-fg:#e5e7eb;--bp-page-bg:#111827;--bp-muted-fg:#9ca3af;--bp-link-fg:#93c5fd;
--bp-added-fg:#dbeafe;--bp-added-bg:#1e3a8a;--bp-cut-fg:#fef3c7;--bp-cut-bg:#78350f;
--bp-old-fg:#fee2e2;--bp-old-bg:#7f1d1d;--bp-button-fg:#f3f4f6;--bp-button-bg:#374151;
--bp-untracked-fg:#fca5a5;--bp-rule:#4b5563;--bp-focus:#93c5fd}}
.bp-page{font:18px/1.6 Georgia,serif;max-width:42em;margin:0 auto;padding:1em;box-sizing:border-box;overflow-wrap:anywhere}
.bp-page a{color:var(--bp-link-fg)}
.bp-page img{max-width:100%;height:auto}
.bp-page pre{white-space:pre-wrap}
.bp-page table{display:block;overflow-x:auto;max-width:100%}
.bp-provenance{border-bottom:1px solid var(--bp-rule);margin-bottom:1.5em}
.bp-provenance p,.bp-controls,.bp-legend{color:var(--bp-muted-fg);font-size:.9em}
.bp-provenance .bp-title{color:var(--bp-page-fg);font-size:1.8em;line-height:1.25}
.bp-controls label{cursor:pointer}
.bp-show-all{width:1.2em;height:1.2em;vertical-align:middle;margin:0 .4em 0 0}
ins.bp-added,ins.bp-changed,.bp-legend-added{color:var(--bp-added-fg);background:var(--bp-added-bg);text-decoration:none;border-radius:2px;padding:0 .1em}
.bp-reveal{font:inherit;font-size:.85em;line-height:1.2;color:var(--bp-button-fg);background:var(--bp-button-bg);border:1px solid var(--bp-muted-fg);border-radius:4px;
min-width:24px;min-height:24px;padding:0 .3em;margin:0 .1em;cursor:pointer;white-space:nowrap;vertical-align:baseline}
.bp-reveal:focus-visible{outline:2px solid var(--bp-focus);outline-offset:1px}
.bp-reveal[aria-expanded="true"]{border-style:dashed}
del.bp-cut-words,del.bp-old{display:none;text-decoration:line-through;padding:0 .2em;border-radius:2px}
del.bp-cut-words{color:var(--bp-cut-fg);background:var(--bp-cut-bg)}
del.bp-old{color:var(--bp-old-fg);background:var(--bp-old-bg)}
.bp-reveal[aria-expanded="true"]+del,
html:not(.bp-js) .bp-reveal:hover+del,html:not(.bp-js) .bp-reveal:focus+del,
html:not(.bp-js) .bp-page:has(.bp-show-all:checked) del.bp-cut-words,html:not(.bp-js) .bp-page:has(.bp-show-all:checked) del.bp-old{display:inline}
.bp-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);clip-path:inset(50%);white-space:nowrap;border:0}
.bp-untracked,.bp-unsafe,.bp-notice{color:var(--bp-untracked-fg)}
.bp-untracked{cursor:help}
.bp-unsafe{text-decoration:underline dotted}
.bp-notice{font-size:.9em}
.bp-legend{border-top:1px solid var(--bp-rule);margin-top:2em}
.bp-legend h2{font-size:1.1em;color:var(--bp-page-fg)}
@media (max-width:480px){.bp-page{font-size:17px;padding:.75em}}
@media print{.bp-reveal,.bp-controls{display:none!important}
.bp-page{max-width:none;color:#000;background:#fff}
ins.bp-added,ins.bp-changed{color:#000;background:none;text-decoration:underline}
del.bp-cut-words,del.bp-old{display:inline!important;color:#000;background:none;text-decoration:none}
del.bp-cut-words::before{content:"["}del.bp-cut-words::after{content:"]"}
del.bp-old::before{content:" [was: "}del.bp-old::after{content:"]"}}
`

// frameStyle styles the standalone page around .bp-page, which a site
// embedding the fragment styles itself.
const frameStyle = `html{color-scheme:light dark}body{margin:0;background:#ffffff}
@media (prefers-color-scheme:dark){body{background:#111827}}
`

// Script is the page's one script, a fixed text that holds nothing from
// the article: it marks the document as scripted (which turns off the
// hover and focus fallback), toggles a reveal button's aria-expanded on
// click (Enter, Space and a tap arrive as clicks on a button), and sets
// every button of a page to its show-all box, also when the browser
// restored the box checked (going back to the page). Events are delegated from
// the document, so that no element carries a handler and the
// Content-Security-Policy admits this script by its hash alone.
const Script = `(function(){"use strict";
var d=document;d.documentElement.classList.add("bp-js");
function all(x){var p=x.closest(".bp-page");if(!p)return;
p.classList.toggle("bp-all",x.checked);
var bs=p.querySelectorAll(".bp-reveal");
for(var i=0;i<bs.length;i++)bs[i].setAttribute("aria-expanded",x.checked?"true":"false");}
d.addEventListener("click",function(e){
var b=e.target&&e.target.closest?e.target.closest(".bp-reveal"):null;if(!b)return;
e.preventDefault();
b.setAttribute("aria-expanded",b.getAttribute("aria-expanded")==="true"?"false":"true");});
d.addEventListener("change",function(e){
var x=e.target;if(x&&x.classList&&x.classList.contains("bp-show-all"))all(x);});
var xs=d.querySelectorAll(".bp-show-all:checked");for(var i=0;i<xs.length;i++)all(xs[i]);
})();`

// scriptHash is Script's CSP source expression.
var scriptHash = func() string {
	sum := sha256.Sum256([]byte(Script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// csp returns the page's Content-Security-Policy: nothing but the inline
// style, the one script by hash, images, and the site's stylesheet's
// origin if it links one.
func csp(styleOrigin string) string {
	style := "'unsafe-inline'"
	if styleOrigin != "" {
		style += " " + styleOrigin
	}
	return fmt.Sprintf("default-src 'none'; style-src %s; script-src %s; img-src 'self' http: https:; base-uri 'none'; form-action 'none'", style, scriptHash)
}

// colorStyle returns the custom properties that override the built-in
// colours with c's, or "" if c sets none. Each value is checked again
// here: the configuration checked it, but nothing else may reach a
// stylesheet, so anything not #rgb or #rrggbb is left out.
func colorStyle(c Colors) string {
	decls := func(pairs ...string) string {
		var b strings.Builder
		for i := 0; i < len(pairs); i += 2 {
			if _, err := wcag.Parse(pairs[i+1]); err == nil { // #rgb or #rrggbb
				b.WriteString(pairs[i] + ":" + pairs[i+1] + ";")
			}
		}
		return b.String()
	}
	var b strings.Builder
	if s := decls("--bp-added-fg", c.Added, "--bp-added-bg", c.AddedBackground); s != "" {
		b.WriteString(".bp-page{" + s + "}\n")
	}
	if s := decls("--bp-added-fg", c.DarkAdded, "--bp-added-bg", c.DarkAddedBackground); s != "" {
		b.WriteString("@media (prefers-color-scheme:dark){.bp-page{" + s + "}}\n")
	}
	return b.String()
}
