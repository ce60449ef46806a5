#!/usr/bin/env bash
# Runs the official protocol test-suites of socketio/socket.io against sioc_example_server:
# Engine.IO v4 (mode engineio), Engine.IO v3 (mode engineio-v3) and
# Socket.IO v5 (mode socketio). Each suite is copied to a temporary directory, its pinned dev
# dependencies are installed there with `npm ci`, its URL constant is pointed at a server
# started on a free port, and it runs unchanged otherwise.
#
# usage: examples/server/run-official-suites.sh SOCKETIO [SERVER]
#   SOCKETIO  a clone of socketio/socket.io: its work tree, or its git directory (HEAD is read)
#   SERVER    the sioc_example_server binary (default: the first found under build/)
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
source_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

server=${2:-}
if [ -z "$server" ]; then
  for candidate in "$root"/build/*/examples/sioc_example_server; do
    if [ -x "$candidate" ]; then server=$candidate; break; fi
  done
fi
if [ -z "$server" ] || [ ! -x "$server" ]; then
  echo "run-official-suites: no sioc_example_server binary (build the default target, or pass its path)" >&2
  exit 2
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "run-official-suites: $tool is needed" >&2; exit 2; }
done

# Reads one file of the checkout, from the work tree or from the git directory.
if [ -d "$source_dir/docs/engine.io-protocol" ]; then
  read_source() { cat "$source_dir/$1"; }
elif git --git-dir="$source_dir" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  read_source() { git --git-dir="$source_dir" show "HEAD:$1"; }
else
  echo "run-official-suites: $source_dir is neither a socket.io work tree nor its git directory" >&2
  exit 2
fi

work=$(mktemp -d)
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

summary=()
failed=0

# run_suite NAME DOCS_DIR MODE
run_suite() {
  local name=$1 docs=$2 mode=$3 dir=$work/$1
  mkdir -p "$dir"
  for f in package.json package-lock.json node-imports.js test-suite.js; do
    read_source "$docs/$f" > "$dir/$f"
  done

  # The server first: a mode it does not have yet (status 2) skips the suite.
  local out=$dir/server.out
  : > "$out"  # exists before the background server opens it
  timeout 1800 "$server" --port 0 --mode "$mode" > "$out" 2> "$dir/server.err" &
  server_pid=$!
  local port=
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$out" || true)
    [ -n "$port" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then
    local status=0
    wait "$server_pid" || status=$?
    server_pid=
    if [ "$status" -eq 2 ]; then
      summary+=("$name: not run ($(head -n 1 "$dir/server.err"))")
      return
    fi
    echo "run-official-suites: the server did not start in mode $mode (status $status):" >&2
    cat "$dir/server.err" >&2
    exit 1
  fi

  local url_line='const URL = "http://localhost:3000";'
  if [ "$(grep -cxF "$url_line" "$dir/test-suite.js")" != 1 ]; then
    echo "run-official-suites: $docs/test-suite.js does not define its URL as expected" >&2
    exit 1
  fi
  sed -i "s|^const URL = \"http://localhost:3000\";\$|const URL = \"http://127.0.0.1:$port\";|" "$dir/test-suite.js"

  echo "== $name: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "== $name: mocha test-suite.js against 127.0.0.1:$port (--mode $mode)"
  local status=0
  (cd "$dir" && timeout 600 npx --no-install mocha --no-color test-suite.js) | tee "$dir/mocha.out" || status=$?
  stop_server

  local passing failing pending
  passing=$(sed -n 's/^ *\([0-9]*\) passing.*/\1/p' "$dir/mocha.out")
  failing=$(sed -n 's/^ *\([0-9]*\) failing.*/\1/p' "$dir/mocha.out")
  pending=$(sed -n 's/^ *\([0-9]*\) pending.*/\1/p' "$dir/mocha.out")
  passing=${passing:-0} failing=${failing:-0} pending=${pending:-0}
  summary+=("$name: $passing passing, $failing failing, $pending skipped upstream")
  if [ "$status" -ne 0 ] || [ "$failing" -ne 0 ]; then failed=1; fi
}

run_suite engine.io-v4 docs/engine.io-protocol/v4-test-suite engineio
run_suite engine.io-v3 docs/engine.io-protocol/v3-test-suite engineio-v3
run_suite socket.io-v5 docs/socket.io-protocol/v5-test-suite socketio

echo "== summary (server: $server)"
printf '%s\n' "${summary[@]}"
exit "$failed"
