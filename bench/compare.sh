#!/usr/bin/env bash
# One command for the side-by-side with the reference implementation:
#
#   bench/compare.sh [--rounds=N] [--repetitions=K] [--min-time=S] [--filter=REGEX]
#                    [--workloads=PATH] [--quick] [--no-save]
#
# Builds sioc_bench with the release preset, installs the pinned reference
# (bench/package-lock.json) if needed, then runs compare.js: the reference and
# sioc_bench interleaved on the same workloads, a table on stdout and the
# results with a machine description in bench/results/<date>.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

cmake --preset release >/dev/null
cmake --build --preset release --target sioc_bench

stamp=bench/node_modules/.sioc-installed-lock
if ! cmp -s bench/package-lock.json "$stamp" 2>/dev/null; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  cp bench/package-lock.json "$stamp"
fi

exec node bench/compare.js "$@"
