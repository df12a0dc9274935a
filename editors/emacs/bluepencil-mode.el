;;; bluepencil-mode.el --- Major mode for bluepencil articles (*.bp.md) -*- lexical-binding: t -*-

;; Author: the bluepencil authors
;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1"))
;; Keywords: languages, wp
;; URL: https://github.com/bluepencil/bluepencil

;;; Commentary:

;; Articles republished with every editorial change marked in CriticMarkup:
;; {--cut--}, {++added++}, {~~old~>new~~}, {>>note<<}, {==highlight==} and
;; bare [...].  This mode colours the marks as readers see them (added words
;; blue, cut words red and struck through, notes as comments), on top of
;; markdown-mode when it is installed and of text-mode otherwise, and tells
;; Eglot to run `bluepencil serve' for it.
;;
;; Install from a checkout of the bluepencil repository:
;;
;;   emacs --batch --eval '(package-install-file "editors/emacs/bluepencil-mode.el")'
;;
;; then add (add-hook 'bluepencil-mode-hook #'eglot-ensure) to your init file.
;;
;; The colours are a guess from regular expressions: the server's diagnostics
;; are the judge of broken marks.  A mark never spans a blank line.

;;; Code:

(require 'font-lock)
(require 'markdown-mode nil t)

(defgroup bluepencil nil
  "Editing bluepencil articles: Markdown with CriticMarkup marks."
  :group 'text
  :prefix "bluepencil-")

(defface bluepencil-added
  '((((class color) (background dark)) :foreground "#60a5fa")
    (((class color) (background light)) :foreground "#1e40af")
    (t :underline t))
  "Face of added words and of the new side of a substitution.")

(defface bluepencil-cut
  '((((class color) (background dark)) :foreground "#f87171" :strike-through t)
    (((class color) (background light)) :foreground "#b91c1c" :strike-through t)
    (t :strike-through t))
  "Face of cut words and of the old side of a substitution.")

(defface bluepencil-delimiter
  '((t :inherit shadow :weight bold))
  "Face of the marks' delimiters: {-- --} {++ ++} {~~ ~> ~~} {== ==}.")

(defface bluepencil-note
  '((t :inherit font-lock-comment-face))
  "Face of an editor's note, {>>note<<}, never published.")

(defface bluepencil-highlight
  '((((class color)) :background "#facc15" :foreground "#1f2937")
    (t :inverse-video t))
  "Face of highlighted words, {==words==}.")

(defface bluepencil-bare-elision
  '((t :inherit warning :underline t))
  "Face of a bare [...] or […]: words cut without recording them.")

(defconst bluepencil--unescaped "\\(?:^\\|\\=\\|[^\\]\\)"
  "Regexp of what may stand before an opener: not a backslash, which escapes it.")

(defconst bluepencil--body "\\(\\(?:[^\n]\\|\n[ \t]*[^ \t\n]\\)*?\\)"
  "Regexp of a mark's body as a group: anything but a blank line, shortest first.
The article's own parser cuts an unclosed mark at the end of its paragraph.")

(defun bluepencil--mark (open close)
  "Regexp of a mark from OPEN to CLOSE: groups 1 opener, 2 body, 3 closer."
  (concat bluepencil--unescaped "\\(" (regexp-quote open) "\\)"
          bluepencil--body "\\(" (regexp-quote close) "\\)"))

(defconst bluepencil-font-lock-keywords
  `((,(bluepencil--mark "{--" "--}")
     (1 'bluepencil-delimiter prepend) (2 'bluepencil-cut prepend) (3 'bluepencil-delimiter prepend))
    (,(bluepencil--mark "{++" "++}")
     (1 'bluepencil-delimiter prepend) (2 'bluepencil-added prepend) (3 'bluepencil-delimiter prepend))
    ;; {~~old~>new~~}: groups 1 opener, 2 old, 3 arrow, 4 new, 5 closer.
    (,(concat bluepencil--unescaped "\\({~~\\)"
              "\\(\\(?:[^\n~]\\|~[^>\n]\\|\n[ \t]*[^ \t\n]\\)*?\\)\\(~>\\)"
              bluepencil--body "\\(~~}\\)")
     (1 'bluepencil-delimiter prepend) (2 'bluepencil-cut prepend) (3 'bluepencil-delimiter prepend)
     (4 'bluepencil-added prepend) (5 'bluepencil-delimiter prepend))
    (,(bluepencil--mark "{>>" "<<}")
     (1 'bluepencil-note prepend) (2 'bluepencil-note prepend) (3 'bluepencil-note prepend))
    (,(bluepencil--mark "{==" "==}")
     (1 'bluepencil-delimiter prepend) (2 'bluepencil-highlight prepend) (3 'bluepencil-delimiter prepend))
    ;; [...] or […], unless escaped or the text of a link.
    (,(concat bluepencil--unescaped "\\(\\[\\(?:\\.\\.\\.\\|…\\)\\]\\)")
     (1 (bluepencil--bare-elision-face) prepend)))
  "Font-lock keywords for the marks of a bluepencil article.")

(defun bluepencil--bare-elision-face ()
  "The face of a bare elision just matched, or nil if a link follows it."
  (unless (save-excursion (goto-char (match-end 1)) (looking-at-p " ?[[(]"))
    'bluepencil-bare-elision))

(defvar bluepencil--parent
  (if (fboundp 'markdown-mode) 'markdown-mode 'text-mode)
  "The mode `bluepencil-mode' derives from: markdown-mode when installed.")

;; The parent is chosen when this file loads: markdown-mode if it could be
;; loaded then, text-mode otherwise.
(defalias 'bluepencil--parent-mode bluepencil--parent)

;;;###autoload
(define-derived-mode bluepencil-mode bluepencil--parent-mode "Bluepencil"
  "Major mode for bluepencil articles: Markdown with CriticMarkup marks.
Colours the marks; `bluepencil serve' (through Eglot) checks them."
  (setq-local font-lock-multiline t)
  (if (eq bluepencil--parent 'markdown-mode)
      (font-lock-add-keywords nil bluepencil-font-lock-keywords 'append)
    (setq-local font-lock-defaults '(bluepencil-font-lock-keywords t))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.bp\\.md\\'" . bluepencil-mode))

;;;###autoload
(defvar eglot-server-programs)
;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(bluepencil-mode . ("bluepencil" "serve"))))

(provide 'bluepencil-mode)
;;; bluepencil-mode.el ends here
