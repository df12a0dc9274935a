; The text between the marks is Markdown. Where Helix has a Markdown grammar
; (hx --grammar fetch && hx --grammar build), it colours that text as one
; Markdown document; without one, this does nothing.
((document (text) @injection.content)
  (#set! injection.language "markdown")
  (#set! injection.combined))
