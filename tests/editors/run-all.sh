#!/usr/bin/env bash
# Installs what is missing, then runs the real server in Neovim, VS Code and Emacs.
# Usage: tests/editors/run-all.sh [SOURCED_BIN]   (default: $SOURCED_BIN, else target/release/sourced)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BIN="${1:-${SOURCED_BIN:-$REPO/target/release/sourced}}"
[ -x "$BIN" ] || { echo "[editors] FAIL: sourced binary not found: $BIN (cargo build --release)" >&2; exit 1; }

start=$(date +%s)
"$HERE/install.sh" || { echo "[editors] FAIL: installing the editors failed" >&2; exit 1; }
echo "[editors] install: $(( $(date +%s) - start )) s"

failed=()
for editor in nvim vscode emacs; do
  t=$(date +%s)
  if "$HERE/$editor/run.sh" "$BIN"; then
    echo "[editors] $editor: PASS ($(( $(date +%s) - t )) s)"
  else
    echo "[editors] $editor: FAIL ($(( $(date +%s) - t )) s)"
    failed+=("$editor")
  fi
done
echo "[editors] total: $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "[editors] FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "[editors] all editors PASS"
