#!/usr/bin/env bash
# Emacs + eglot (batch) against the real server. Usage: run.sh [SOURCED_BIN]
TEST_NAME=emacs
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
resolve_bin "${1:-}"
command -v emacs >/dev/null || die "emacs not found (apt-get install -y --no-install-recommends emacs-nox elpa-eglot)"
ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || emacs -Q --batch --eval '(require (quote eglot))' 2>/dev/null \
  || die "eglot not found (apt-get install -y --no-install-recommends elpa-eglot)"
make_workspace
cd "$WORK/project"
git init -q . 2>/dev/null || true   # a project root for eglot
set +e
SOURCED_BIN="$SOURCED_BIN" DRAFT="$WORK/project/draft.md" timeout 120 emacs -Q --batch -l "$EDITORS_TESTS/emacs/test.el" | tee "$WORK/out.log"
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || die "emacs test failed"
grep -q "^\[emacs\] PASS" "$WORK/out.log" || die "emacs exited without reaching PASS"
