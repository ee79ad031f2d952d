#!/usr/bin/env bash
# Builds the platform-specific extension with the server inside: cargo's release binary is copied
# to bin/ and `vsce package --target` names the platform. Usage: package-with-server.sh [OUT.vsix]
# SOURCED_BIN=path packages that binary instead of building one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) target=linux-arm64 ;;
  Darwin-x86_64) target=darwin-x64 ;;
  Darwin-arm64) target=darwin-arm64 ;;
  *) echo "package-with-server: no VS Code target for $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac
out="${1:-$here/sourced-$target.vsix}"
bin="${SOURCED_BIN:-}"
if [ -z "$bin" ]; then
  (cd "$repo" && cargo build --release --locked)
  bin="$repo/target/release/sourced"
fi
mkdir -p "$here/bin"
trap 'rm -rf "$here/bin"' EXIT
install -m 0755 "$bin" "$here/bin/sourced"
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund >&2
npx vsce package --no-dependencies --skip-license --allow-missing-repository --target "$target" -o "$out" >&2
echo "$out"
