#!/usr/bin/env bash
# Builds the fuzz preset and runs every fuzz target, one after another, for
# SECONDS each (default 60), with its dictionary and seed corpus. New inputs go
# to a scratch corpus under build/ (kept between runs, never committed). Fails
# if any target crashes, leaks, times out or runs out of memory.
#
# usage: fuzz/run.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

bin=build/fuzz/fuzz
work=${SIOC_FUZZ_WORK:-build/fuzz-work}
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets <"$bin/targets.txt"
fi

failed=()
for name in "${targets[@]}"; do
  corpus=$work/corpus/$name
  artifacts=$work/artifacts/$name
  log=$work/logs/$name.log
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  echo "== fuzz_$name: ${seconds}s"
  # 8 KiB inputs cross every limit the targets set; longer ones (the 64 KiB
  # WebTransport vectors) only slow the search down.
  if "$bin/fuzz_$name" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=8192 \
      -dict="$bin/fuzz_$name.dict" -artifact_prefix="$artifacts/" \
      "$corpus" "$bin/seeds/$name" >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" || tail -n 5 "$log"
  else
    failed+=("$name")
    tail -n 60 "$log"
    echo "fuzz_$name FAILED (full log: $log); inputs found:"
    ls -1 "$artifacts"
    cat <<EOF
To minimize one and keep it as a regression (replayed by every test run):
  $bin/fuzz_$name -minimize_crash=1 -max_total_time=60 -timeout=10 -rss_limit_mb=2048 \\
    -exact_artifact_path=$artifacts/minimized $artifacts/<file>
  mkdir -p fuzz/regressions/$name && cp $artifacts/minimized fuzz/regressions/$name/<what-it-shows>
EOF
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
echo "all ${#targets[@]} fuzz targets ran ${seconds}s each without a failure"
