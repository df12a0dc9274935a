;;; emacs-check.el --- try the README's Emacs + Eglot snippet in batch -*- lexical-binding: t -*-
;; Run from the repository root: go build -o /tmp/bp-emacs/bluepencil ./cmd/bluepencil && PATH=/tmp/bp-emacs:$PATH emacs --batch -l docs/editors/emacs-check.el

;; Written for Debian's Emacs 28.2 with elpa-eglot (1.9) and elpa-markdown-mode
;; (apt-get install -y emacs-nox elpa-eglot elpa-markdown-mode). It opens
;; examples/problems/syntax-errors.bp.md with the README's snippet, waits for
;; Eglot to connect to `bluepencil serve', and checks that flymake gets the
;; server's diagnostics, before and after an edit. It prints PASS/FAIL lines,
;; ends with "N passed, M failed", and exits non-zero on a failure.
;;
;; Batch-mode workarounds (idle timers and post-command-hook never run here):
;; `package-activate-all' loads the Debian ELPA packages, `post-command-hook'
;; is run by hand so that `eglot-ensure' connects, `flymake-start' is called
;; by hand, and `eglot--signal-textDocument/didChange' sends an edit at once.

(package-activate-all)

;;; --- the snippet from README.md ("## Editors", Emacs with Eglot) ---
(if (require 'markdown-mode nil t)
    (define-derived-mode bluepencil-mode markdown-mode "Bluepencil"
      "Major mode for bluepencil articles (*.bp.md).")
  (define-derived-mode bluepencil-mode text-mode "Bluepencil"
    "Major mode for bluepencil articles (*.bp.md)."))
(add-to-list 'auto-mode-alist '("\\.bp\\.md\\'" . bluepencil-mode))
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(bluepencil-mode . ("bluepencil" "serve"))))
(add-hook 'bluepencil-mode-hook #'eglot-ensure)
;;; --- end of the snippet ---

(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar bp-check-passed 0)
(defvar bp-check-failed 0)

(defun bp-check (name ok &optional detail)
  "Print a PASS or FAIL line for NAME, from OK, with DETAIL on failure."
  (if ok
      (progn (setq bp-check-passed (1+ bp-check-passed))
             (princ (format "PASS %s\n" name)))
    (setq bp-check-failed (1+ bp-check-failed))
    (princ (format "FAIL %s%s\n" name (if detail (format ": %s" detail) "")))))

(defun bp-wait (pred seconds)
  "Run the event loop until PRED returns non-nil or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) seconds)) val)
    (while (and (not (setq val (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    val))

(defun bp-codes ()
  "The diagnostic codes flymake holds for the current buffer, sorted."
  (sort (mapcar (lambda (d)
                  (let ((text (flymake-diagnostic-text d)))
                    (if (string-match "\\[\\([a-z-]+\\)\\]" text) (match-string 1 text) text)))
                (flymake-diagnostics))
        #'string<))

(defun bp-finish ()
  (princ (format "%d passed, %d failed\n" bp-check-passed bp-check-failed))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if (zerop bp-check-failed) 0 1)))

;; A stuck check must not hang: give up after 30 seconds.
(run-at-time 30 nil (lambda ()
                      (bp-check "finished within 30 s" nil)
                      (bp-finish)))

(let* ((file (expand-file-name "examples/problems/syntax-errors.bp.md"))
       (buf (find-file-noselect file)))
  (with-current-buffer buf
    (bp-check "major mode is bluepencil-mode" (eq major-mode 'bluepencil-mode) major-mode)
    (bp-check (if (featurep 'markdown-mode)
                  "bluepencil-mode derives from markdown-mode"
                "bluepencil-mode derives from text-mode (no markdown-mode)")
              (derived-mode-p (if (featurep 'markdown-mode) 'markdown-mode 'text-mode)))
    (bp-check "server program found on exec-path" (executable-find "bluepencil"))
    ;; eglot-ensure waits for post-command-hook, which batch mode never runs.
    (run-hooks 'post-command-hook)
    (bp-check "Eglot connects to bluepencil serve"
              (bp-wait (lambda () (and eglot--managed-mode (eglot-current-server))) 10))
    (let ((server (eglot-current-server)))
      (when server
        (princ (format "     server: %s, command %S\n"
                       (plist-get (eglot--server-info server) :name)
                       (process-command (jsonrpc--process server))))))
    (bp-check "flymake-mode is on" flymake-mode)
    (flymake-start)
    (let ((codes (bp-wait (lambda () (bp-codes)) 10)))
      (princ (format "     flymake diagnostics: %S\n" codes))
      (dolist (want '("invalid-front-matter" "unknown-front-matter-field" "unclosed-mark"
                      "stray-closer" "mismatched-closer" "nested-mark"
                      "mark-spans-paragraphs" "missing-arrow" "extra-arrow" "backtick-join"))
        (bp-check (format "flymake shows %s" want) (member want codes) codes)))
    (let ((d (cl-find-if (lambda (d) (string-match-p "mismatched-closer" (flymake-diagnostic-text d)))
                         (flymake-diagnostics))))
      (bp-check "mismatched-closer is an error on line 13"
                (and d (eq (get (flymake-diagnostic-type d) 'flymake-category) 'flymake-error)
                     (= (line-number-at-pos (flymake-diagnostic-beg d)) 13))
                (and d (list (flymake-diagnostic-type d)
                             (line-number-at-pos (flymake-diagnostic-beg d))))))
    ;; Hover on the cut words of a well-formed elision, added for this check.
    (goto-char (point-max))
    (insert "\nThe pier was {--badly--} damaged.\n")
    (eglot--signal-textDocument/didChange)
    (search-backward "badly")
    (let* ((hover (ignore-errors
                    (jsonrpc-request (eglot-current-server) :textDocument/hover
                                     (eglot--TextDocumentPositionParams))))
           (contents (and hover (plist-get hover :contents)))
           (text (cond ((stringp contents) contents)
                       ((plist-get contents :value))
                       (t (format "%S" contents)))))
      (princ (format "     hover: %S\n" text))
      (bp-check "hover on {--badly--} shows the cut words"
                (and text (string-match-p "badly" text)) text))
    ;; The marking actions on a selection, chosen as from M-x eglot-code-actions.
    (goto-char (point-max))
    (let* ((end (search-backward " damaged." nil t))
           (end (and end (+ end (length " damaged"))))
           (beg (and end (- end (length "damaged"))))
           (titles (and beg (mapcar (lambda (a) (plist-get a :title))
                                    (eglot-code-actions beg end)))))
      (princ (format "     code actions on \"damaged\": %S\n" titles))
      (bp-check "code actions offer the three marking actions"
                (cl-every (lambda (title) (member title titles))
                          '("Elide selection" "Mark as addition" "Mark as modification"))
                titles)
      (when beg
        ;; As if typed at the keyboard: answer the prompt, and make Eglot
        ;; prompt in the minibuffer rather than with a mouse menu.
        (let ((last-nonmenu-event ?\r))
          (cl-letf (((symbol-function 'completing-read)
                     (lambda (&rest _) "Mark as addition")))
            (eglot-code-actions beg end nil t))))
      (bp-check "Mark as addition makes {++damaged++}"
                (save-excursion (goto-char (point-min)) (search-forward "{++damaged++}" nil t))
                (buffer-substring (line-beginning-position) (line-end-position))))
    (eglot--signal-textDocument/didChange)
    ;; Fix the mismatched closer on line 13 and check that its diagnostic goes.
    (goto-char (point-min))
    (forward-line 12)
    (when (re-search-forward "reduced capacity--}" (line-end-position) t)
      (replace-match "reduced capacity++}" t t))
    (eglot--signal-textDocument/didChange)
    (let ((codes (bp-wait (lambda ()
                            (let ((c (bp-codes)))
                              (and (not (member "mismatched-closer" c)) c)))
                          10)))
      (bp-check "after an edit the mismatched-closer diagnostic is gone"
                (and codes (member "stray-closer" codes)) (bp-codes)))
    (set-buffer-modified-p nil)))

(bp-finish)
