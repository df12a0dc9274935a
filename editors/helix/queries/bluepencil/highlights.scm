; Colours of the marks in Helix, by theme scopes, so that every theme gives
; them its own colours: cut words take the theme's colour for removed lines
; and are struck through; added words, its colour for added lines; notes look
; like comments. Helix layers nested captures, so a cut's body is both.

(elision) @diff.minus
(elision (body) @markup.strikethrough)

(addition) @diff.plus

(substitution (open) @diff.delta)
(substitution (arrow) @diff.delta)
(substitution (close) @diff.delta)
(substitution (old) @diff.minus)
(substitution (old) @markup.strikethrough)
(substitution (new) @diff.plus)

(note) @comment

(highlight (open) @punctuation.delimiter)
(highlight (close) @punctuation.delimiter)
(highlight (body) @markup.bold)

; Words cut without recording them: the server warns about these too.
(bare_elision) @warning

(escape) @constant.character.escape
(code) @markup.raw
