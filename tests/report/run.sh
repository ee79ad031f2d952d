#!/usr/bin/env bash
# The review page in headless Chromium: builds the pages of the example draft (planted errors,
# built-in corpus) and of a hostile draft (markup and script in the draft and its sources) with
# the given binary, then drives them with Playwright.
# Usage: tests/report/run.sh [SOURCED_BIN] [SCREENSHOT_DIR]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-$REPO/target/release/sourced}"
SHOTS="${2:-$REPO/target/report-screenshots}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
die() { echo "[report] FAIL: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "sourced binary not found: $BIN (cargo build --release)"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
[ -x "$CHROMIUM" ] || die "chromium not found at $CHROMIUM (tests/editors/install.sh report)"
[ -d "$HERE/node_modules/playwright-core" ] || die "playwright-core missing (tests/editors/install.sh report)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sourced-report-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$REPO" && "$BIN" report examples/draft.md -o "$WORK/example.html")
(cd "$HERE/hostile" && "$BIN" report --corpus sources draft.md -o "$WORK/hostile.html")
CHROMIUM="$CHROMIUM" timeout 180 node "$HERE/test.mjs" "$WORK/example.html" "$WORK/hostile.html" "$SHOTS"
