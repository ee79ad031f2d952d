#!/usr/bin/env bash
# VS Code (code-server 4.100.3) in headless Chromium against the real server, through the
# packaged extension. Usage: run.sh [SOURCED_BIN]
TEST_NAME=vscode
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
resolve_bin "${1:-}"
HERE="$EDITORS_TESTS/vscode"
EXT="$REPO/editors/vscode"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || die "chromium not found at $CHROMIUM (apt-get install -y --no-install-recommends chromium)"
CODE_SERVER="$HERE/node_modules/.bin/code-server"
[ -x "$CODE_SERVER" ] && [ -d "$HERE/node_modules/playwright-core" ] \
  || die "code-server/playwright-core missing: run tests/editors/install.sh vscode"

# The platform-specific package with the server inside, as users install it: no server path is
# set and no `sourced` is left on the PATH, so only the bundled binary can answer.
make_workspace
log "packaging the extension with the server inside"
VSIX="$WORK/sourced.vsix"
SOURCED_BIN="$SOURCED_BIN" "$EXT/package-with-server.sh" "$VSIX" >/dev/null \
  || die "package-with-server.sh failed"
PATH_WITHOUT_SOURCED="$(tr ':' '\n' <<<"$PATH" | while read -r dir; do
  [ -n "$dir" ] && [ ! -x "$dir/sourced" ] && printf '%s:' "$dir"; done)"

UD="$WORK/user-data"; EXTDIR="$WORK/extensions"
mkdir -p "$UD/User"
cat > "$UD/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "editor.hover.delay": 100,
  "workbench.colorTheme": "Default Light Modern"
}
JSON
"$CODE_SERVER" --user-data-dir "$UD" --extensions-dir "$EXTDIR" --install-extension "$VSIX" >"$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log" >&2; die "installing $VSIX failed"; }
ls "$EXTDIR" | grep -q '^sourced\.sourced-' || die "extension not installed in $EXTDIR"
log "installed $(ls "$EXTDIR" | grep '^sourced\.sourced-')"
[ -x "$(ls -d "$EXTDIR"/sourced.sourced-*/ | head -1)bin/sourced" ] || die "the installed extension holds no bin/sourced"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
PATH="${PATH_WITHOUT_SOURCED%:}" "$CODE_SERVER" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$UD" --extensions-dir "$EXTDIR" "$WORK/project" >"$WORK/code-server.log" 2>&1 &
CS_PID=$!
cleanup() { kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; [ "${KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$WORK/code-server.log" >&2; die "code-server exited"; }
  sleep 0.2
done

status=0
CHROMIUM="$CHROMIUM" timeout 180 node "$HERE/test.mjs" "http://127.0.0.1:$PORT/?folder=$WORK/project" draft.md \
  "$REPO/target/editor-screenshots" | tee "$WORK/out.log" || status=$?
grep -q '^\[vscode\] PASS' "$WORK/out.log" || { [ "$status" != 0 ] || status=1; }
if [ "$status" != 0 ]; then
  log "code-server log:"; tail -n 30 "$WORK/code-server.log" >&2 || true
  for f in $(find "$UD/logs" -name '*Sourced*.log' 2>/dev/null); do log "$f:"; tail -n 40 "$f" >&2; done
  die "VS Code test failed (exit $status)"
fi
