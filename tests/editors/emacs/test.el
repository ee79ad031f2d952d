;;; test.el --- Emacs + eglot (batch) against the sourced language server  -*- lexical-binding: t -*-
;; Usage: SOURCED_BIN=... DRAFT=... emacs -Q --batch -l test.el
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'flymake)
(require 'xref)

(defvar sourced-test-timeout (string-to-number (or (getenv "SOURCED_TEST_TIMEOUT") "60")))
(defvar sourced-test-passed 0)
(defconst sourced-test-quote-file "there-is-a-drug-overdose-crisis-in-the-united-states.txt")

(defun sourced-test-say (fmt &rest args)
  (princ (concat "[emacs] " (apply #'format fmt args) "\n")))
(defun sourced-test-fail (fmt &rest args)
  (message "[emacs] FAIL: %s" (apply #'format fmt args))
  (when-let ((buf (get-buffer "*EGLOT (project/(markdown-mode)) events*")))
    (with-current-buffer buf (message "%s" (buffer-substring-no-properties (max (point-min) (- (point-max) 3000)) (point-max)))))
  (kill-emacs 1))
(defun sourced-test-check (ok fmt &rest args)
  (unless ok (apply #'sourced-test-fail fmt args))
  (setq sourced-test-passed (1+ sourced-test-passed))
  (sourced-test-say "ok %s" (apply #'format fmt args)))
(defun sourced-test-wait (pred seconds)
  (let ((end (+ (float-time) seconds)) result)
    (while (and (not (setq result (funcall pred))) (< (float-time) end))
      (accept-process-output nil 0.05))
    result))

;; markdown-mode is not part of Emacs: a stand-in so that the languageId is "markdown".
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"))
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))

;; What a user puts in their init file.
(add-to-list 'eglot-server-programs
             `((markdown-mode text-mode) . (,(getenv "SOURCED_BIN") "lsp")))
(setq eglot-sync-connect t eglot-autoshutdown t)

(find-file (getenv "DRAFT"))
(sourced-test-check (eq major-mode 'markdown-mode) "draft opened in markdown-mode")
;; eglot-ensure waits for post-command-hook, which never runs in batch: start it directly.
(apply #'eglot (eglot--guess-contact))
(sourced-test-check (eglot-current-server) "eglot connected to %s"
                    (and (eglot-current-server) (eglot--server-info (eglot-current-server))))
(flymake-start)

(defun sourced-test-diag-text (d)
  (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))
(defun sourced-test-find-diag (needle)
  (seq-find (lambda (d) (string-match-p (regexp-quote needle) (sourced-test-diag-text d)))
            (flymake-diagnostics)))
(defun sourced-test-line (d)
  (line-number-at-pos (flymake-diagnostic-beg d)))

(unless (sourced-test-wait (lambda () (and (sourced-test-find-diag "foreign") (sourced-test-find-diag "63,600")))
                           sourced-test-timeout)
  (sourced-test-fail "no diagnostics on \"foreign\" and \"63,600\" after %ss; flymake has: %S"
                     sourced-test-timeout
                     (mapcar (lambda (d) (cons (sourced-test-diag-text d) (flymake-diagnostic-text d)))
                             (flymake-diagnostics))))
(let ((mq (sourced-test-find-diag "foreign"))
      (fm (sourced-test-find-diag "63,600")))
  (sourced-test-check (= (sourced-test-line mq) 5) "flymake: %s on line 5 covering %S"
                      (flymake-diagnostic-text mq) (sourced-test-diag-text mq))
  (sourced-test-check (= (sourced-test-line fm) 7) "flymake: %s on line 7 covering %S"
                      (flymake-diagnostic-text fm) (sourced-test-diag-text fm))
  (sourced-test-check (not (seq-find (lambda (d) (= (sourced-test-line d) 3)) (flymake-diagnostics)))
                      "no diagnostic on the verified quote (line 3)"))

;; The codes: from the diagnostic data when eglot keeps it, else from flymake's text
;; ("sourced [misquote]: ...").
(let ((codes nil))
  (dolist (d (flymake-diagnostics))
    (let* ((data (flymake-diagnostic-data d))
           (code (or (and (listp data) (plist-get data :code))
                     (and (string-match "\\[\\([a-z-]+\\)\\]" (flymake-diagnostic-text d))
                          (match-string 1 (flymake-diagnostic-text d))))))
      (when code (push code codes))))
  (sourced-test-check (and (member "misquote" codes) (member "figure-mismatch" codes))
                      "diagnostic codes %S" codes))

;; Hover on the verified quote.
(goto-char (point-min))
(search-forward "overdose problem")
(let* ((server (eglot-current-server))
       (hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
       (contents (plist-get hover :contents))
       (text (cond ((stringp contents) contents)
                   ((plist-get contents :value))
                   ((vectorp contents)
                    (mapconcat (lambda (c) (if (stringp c) c (or (plist-get c :value) ""))) contents ""))
                   (t ""))))
  (sourced-test-check (string-match-p (regexp-quote sourced-test-quote-file) text)
                      "hover cites %s: %S" sourced-test-quote-file (truncate-string-to-width text 160))
  ;; eldoc shows the same through eglot's hover function.
  (let* ((defn (jsonrpc-request server :textDocument/definition (eglot--TextDocumentPositionParams)))
         (loc (if (vectorp defn) (aref defn 0) defn))
         (uri (or (plist-get loc :uri) (plist-get loc :targetUri))))
    (sourced-test-check (and uri (string-match-p (regexp-quote sourced-test-quote-file) uri))
                        "definition points into %s" uri)))

;; Hover on a figure a dated source states: its title and date.
(goto-char (point-min))
(search-forward "Nearly 110")
(let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                               (eglot--TextDocumentPositionParams)))
       (contents (plist-get hover :contents))
       (text (if (stringp contents) contents (or (plist-get contents :value) ""))))
  (sourced-test-check (and (string-match-p (regexp-quote "U.S. raises pressure on China") text)
                           (string-match-p (regexp-quote "June 28, 2024") text))
                      "hover on \"110,000\" names the source by title and date: %S"
                      (truncate-string-to-width text 160)))

;; Insert citation twice on the verified quote: two references, one footnote for the source.
(defun sourced-test-cite (round)
  (goto-char (point-min))
  (search-forward "overdose problem")
  (let* ((server (eglot-current-server))
         (pos (eglot--pos-to-lsp-position))
         (actions (jsonrpc-request server :textDocument/codeAction
                                   (list :textDocument (eglot--TextDocumentIdentifier)
                                         :range (list :start pos :end pos)
                                         :context (list :diagnostics []))))
         (cite (seq-find (lambda (a) (equal (plist-get a :title) "Insert citation")) actions)))
    (sourced-test-check cite "round %d: the code actions offer Insert citation: %S" round
                        (mapcar (lambda (a) (plist-get a :title)) actions))
    (eglot--apply-workspace-edit (plist-get cite :edit))
    ;; The server must see this edit before the next request.
    (eglot--signal-textDocument/didChange)))
(sourced-test-cite 1)
(sourced-test-cite 2)
(let* ((text (buffer-substring-no-properties (point-min) (point-max)))
       (label (and (string-match "^\\[\\^\\([^]]+\\)\\]: " text) (match-string 1 text)))
       (count (lambda (re) (let ((n 0) (at 0))
                             (while (string-match re text at) (setq n (1+ n) at (match-end 0)))
                             n)))
       (notes (funcall count "^\\[\\^[^]]+\\]: "))
       (marks (if label (funcall count (regexp-quote (format "[^%s]" label))) 0)))
  (sourced-test-check (and (= notes 1) (= (- marks notes) 2))
                      "one footnote for the source, cited twice (%d notes, %d references)"
                      notes (- marks notes)))

;; xref (M-.) jumps into the source file.
(let ((draft-buf (current-buffer)))
  (ignore-errors (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend))))
  (sourced-test-check (and buffer-file-name (string-match-p (regexp-quote sourced-test-quote-file) buffer-file-name))
                      "M-. opened %s at line %d" buffer-file-name (line-number-at-pos))
  (switch-to-buffer draft-buf))

(sourced-test-say "PASS (%d checks)" sourced-test-passed)
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs 0)
