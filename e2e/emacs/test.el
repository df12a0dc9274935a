;;; test.el --- the e2e/emacs checks, run inside an interactive Emacs -*- lexical-binding: t -*-

;; Loaded by e2e/emacs/run.sh after the user's init file, in `emacs -nw'
;; running in tmux on an article: the command loop, idle timers, redisplay,
;; Eldoc's echo area and Flymake all run as for a user. The checks run one
;; after another from a timer, each polled until it holds or its deadline
;; passes; user actions go through `execute-kbd-macro' (so post-command
;; hooks run, as after a key) or through the commands a user would call.
;;
;; Each check appends "PASS name" or "FAIL name: why" to the file named by
;; BP_RESULTS, and "INFO ..." lines for the report; "DONE" comes last. Emacs
;; then waits for the file BP_QUIT to appear (the script has read the screen
;; by then) and exits.

(require 'cl-lib)
(require 'subr-x)

(defvar bp-results (getenv "BP_RESULTS"))
(defvar bp-quit-file (getenv "BP_QUIT"))
(defvar bp-article nil "The article's buffer.")
(defvar bp-step-deadline 20 "Seconds each check may take.")
(defvar bp-note nil "What the running check last saw, for its failure message.")

(defun bp-write (fmt &rest args)
  "Append one line, FMT formatted with ARGS, to the results file."
  (let ((line (concat (apply #'format fmt args) "\n")))
    (write-region line nil bp-results 'append 'quiet)))

(defun bp-pos (line col)
  "The buffer position of 1-based LINE and 0-based character COL."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (+ (point) col)))

(defun bp-line-col (pos)
  "POS as \"LINE:COL\", LINE 1-based, COL in characters from 0.
Characters, not `current-column': an emoji is two columns wide."
  (save-excursion
    (goto-char pos)
    (format "%d:%d" (line-number-at-pos) (- pos (line-beginning-position)))))

(defun bp-find (text)
  "Where TEXT starts in the article, or nil."
  (save-excursion
    (goto-char (point-min))
    (and (search-forward text nil t) (match-beginning 0))))

(defun bp-key (keys)
  "Run KEYS (a `kbd' string) as typed, so that the command hooks run."
  (execute-kbd-macro (kbd keys)))

(defun bp-move-to (pos)
  "Move point to POS with a movement command, as a user's key would."
  (goto-char (1- pos))
  (bp-key "C-f"))

(defun bp-pick-action (title &optional region)
  "Type M-x eglot-code-actions and choose TITLE at its prompt.
With REGION (BEG . END), the region is active first. Returns nil on
success, else why not."
  (let ((completing-read-orig (symbol-function 'completing-read))
        offered)
    (when region
      (goto-char (car region))
      (push-mark (car region) t t)
      (goto-char (cdr region))
      (activate-mark))
    (cl-letf (((symbol-function 'completing-read)
               (lambda (prompt collection &rest rest)
                 (if (not (string-prefix-p "[eglot]" prompt))
                     (apply completing-read-orig prompt collection rest)
                   (setq offered (mapcar (lambda (c) (if (consp c) (car c) c)) collection))
                   (if (member title offered) title
                     (user-error "not offered"))))))
      (condition-case err
          (progn (bp-key "M-x eglot-code-actions RET") nil)
        (error (format "%S (offered: %S)" err offered))))))

;;; The checks: (NAME . FUNCTION). FUNCTION returns t when it passed, a
;;; string saying why it failed, or nil to be called again (until the
;;; deadline).

(defvar bp-checks
  `(("mode" . ,(lambda ()
                 (if (eq major-mode 'bluepencil-mode) t
                   (format "the article is in %s" major-mode))))
    ("eglot-connected"
     . ,(lambda ()
          (when (and (bound-and-true-p eglot--managed-mode) (eglot-current-server))
            (bp-write "INFO Emacs %s; positionEncoding %s" emacs-version
                      (plist-get (eglot--capabilities (eglot-current-server)) :positionEncoding))
            t)))
    ("diagnostic-position"
     ;; "--}" is characters 33 to 36 of line 1, after 😀 and 𐐀.
     . ,(lambda ()
          (let ((d (cl-find-if (lambda (d) (string-match-p "does not match" (flymake-diagnostic-text d)))
                               (flymake-diagnostics))))
            (when d
              (let ((got (format "%s-%s" (bp-line-col (flymake-diagnostic-beg d))
                                 (bp-line-col (flymake-diagnostic-end d)))))
                (if (equal got "1:33-1:36") t
                  (format "flymake has the diagnostic at %s (%S), want 1:33-1:36 (\"--}\")"
                          got (buffer-substring (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))))))))
    ("colour-faces"
     . ,(lambda ()
          (font-lock-ensure)
          (let ((cut (get-text-property (bp-find "late") 'face))
                (add (get-text-property (bp-find "then") 'face))
                (old (get-text-property (bp-find "cold") 'face))
                (new (get-text-property (bp-find "warm") 'face)))
            (if (and (memq 'bluepencil-cut (ensure-list cut)) (memq 'bluepencil-added (ensure-list add))
                     (memq 'bluepencil-cut (ensure-list old)) (memq 'bluepencil-added (ensure-list new)))
                t
              (format "faces: cut %S, added %S, old %S, new %S" cut add old new)))))
    ("hover-echo-area"
     ;; Eldoc shows the first line of the hover in the echo area: it must
     ;; hold the cut words.
     . ,(let (moved)
          (lambda ()
            (unless moved
              (setq moved t)
              (bp-move-to (+ (bp-find "left late") 2)))
            (let ((msg (current-message)))
              (when msg (setq bp-note (format "the echo area shows %S" msg)))
              (when (and msg (string-match-p "left late" msg))
                (bp-write "INFO echo area on the cut: %S" msg)
                t)))))
    ("quick-fix"
     . ,(lambda ()
          (bp-move-to (bp-pos 1 34))
          (let ((err (bp-pick-action "Replace the closer with ++}")))
            (cond (err err)
                  ((not (bp-find "{++the pier++} at dawn.")) "the closer was not replaced")
                  (t t)))))
    ("quick-fix-clears"
     . ,(lambda ()
          (unless (cl-find-if (lambda (d) (string-match-p "does not match" (flymake-diagnostic-text d)))
                              (flymake-diagnostics))
            t)))
    ("elide-partial-word"
     ;; "fin" of "fine": Elide must take the whole word.
     . ,(lambda ()
          (let* ((beg (bp-find "fine after"))
                 (err (bp-pick-action "Elide selection" (cons beg (+ beg 3)))))
            (deactivate-mark)
            (cond (err err)
                  ((bp-find "came back {--fine--} after") t)
                  (t (format "Elide on \"fin\" gave: %s"
                             (buffer-substring (bp-find "came back") (line-end-position))))))))
    ("server-log-clean"
     . ,(lambda ()
          (let* ((server (eglot-current-server))
                 (events (with-current-buffer (jsonrpc-events-buffer server) (buffer-string)))
                 (stderr (cl-find-if (lambda (b) (string-match-p "\\*EGLOT.*stderr\\*" (buffer-name b)))
                                     (buffer-list)))
                 (errtext (if stderr (with-current-buffer stderr (buffer-string)) ""))
                 (bad-events (cl-loop for line in (split-string events "\n")
                                      when (string-match-p ":error\\|\\[error\\]\\|(error" line)
                                      collect line))
                 (bad-stderr (cl-loop for line in (split-string errtext "\n")
                                      when (string-match-p "level=\\(ERROR\\|WARN\\)\\|panic" line)
                                      collect line)))
            (bp-write "INFO stderr: %d lines" (length (split-string errtext "\n" t)))
            (cond (bad-events (format "%d error entries in the events buffer, first: %s"
                                      (length bad-events) (car bad-events)))
                  (bad-stderr (format "stderr: %s" (car bad-stderr)))
                  (t t)))))
    ("final-view"
     ;; For the screenshot: point in the cut, its hover in the echo area.
     . ,(let (moved)
          (lambda ()
            (unless moved
              (setq moved t)
              (bp-move-to (+ (bp-find "left late") 2)))
            (and (current-message) t))))))

(defvar bp-current nil "The check running, with its deadline: (CHECKS . DEADLINE).")
(defvar bp-timer nil)

(defun bp-tick ()
  "Run the current check once; go to the next when it is decided."
  (if (not bp-current)
      (cancel-timer bp-timer)
    (let* ((check (car (car bp-current)))
           (name (car check))
           (result (with-current-buffer bp-article
                     (condition-case err (funcall (cdr check))
                       (error (format "error: %S" err))))))
      (cond
       ((or (eq result t) (stringp result)
            (> (float-time) (cdr bp-current)))
        (cond ((eq result t) (bp-write "PASS %s" name))
              ((stringp result) (bp-write "FAIL %s: %s" name result))
              (t (bp-write "FAIL %s: still not so after %d s%s" name bp-step-deadline
                           (if bp-note (concat "; " bp-note) ""))))
        (setq bp-note nil)
        (if (cdr (car bp-current))
            (setq bp-current (cons (cdr (car bp-current)) (+ (float-time) bp-step-deadline)))
          (setq bp-current nil)
          (bp-write "DONE")
          (cancel-timer bp-timer)
          (run-with-timer 0.1 0.1 #'bp-maybe-quit)))))))

(defun bp-maybe-quit ()
  "Exit Emacs once the script has read the screen."
  (when (file-exists-p bp-quit-file)
    (kill-emacs 0)))

(defun bp-start ()
  "Start the checks on the article shown when Emacs started."
  (setq bp-article (window-buffer (selected-window)))
  ;; A first command, as a user's first key: Eglot connects after one.
  (bp-key "C-l")
  (setq bp-current (cons bp-checks (+ (float-time) bp-step-deadline)))
  (setq bp-timer (run-with-timer 0.1 0.1 #'bp-tick)))

(add-hook 'emacs-startup-hook (lambda () (run-with-timer 0.2 nil #'bp-start)))

;;; test.el ends here
