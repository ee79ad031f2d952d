# Shared helpers for the editor tests. Source it; it sets REPO, EDITORS_TESTS, SOURCED_BIN, WORK.
set -euo pipefail

EDITORS_TESTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$EDITORS_TESTS/../.." && pwd)"
TOOLS="${SOURCED_EDITOR_TOOLS:-$REPO/target/editor-tools}"

log() { printf '[%s] %s\n' "${TEST_NAME:-editors}" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

# The server binary: first argument, else $SOURCED_BIN, else target/release/sourced.
resolve_bin() {
  local bin="${1:-${SOURCED_BIN:-$REPO/target/release/sourced}}"
  [ -n "$bin" ] || die "no sourced binary given (pass it as the first argument or set SOURCED_BIN)"
  if [[ "$bin" != */* ]]; then bin="$(command -v "$bin" || true)"; fi
  [ -x "$bin" ] || die "sourced binary not found or not executable: ${1:-${SOURCED_BIN:-$REPO/target/release/sourced}}"
  SOURCED_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
  export SOURCED_BIN
}

# A fresh workspace holding the draft; $WORK is removed on exit unless KEEP_WORK=1.
make_workspace() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/sourced-editor-test.XXXXXX")"
  mkdir -p "$WORK/project"
  cp "$EDITORS_TESTS/draft.md" "$WORK/project/draft.md"
  export WORK
  if [ "${KEEP_WORK:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
}
