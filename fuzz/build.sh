#!/bin/bash -eu
# OSS-Fuzz build script: builds every fuzz target with OSS-Fuzz's compiler,
# flags and engine ($CXX, $CXXFLAGS, $LIB_FUZZING_ENGINE) and puts each in $OUT
# with its dictionary and seed corpus, named as OSS-Fuzz expects. The image
# needs cmake, python3, nlohmann-json3-dev and libsimdjson-dev.
src=$(cd "$(dirname "$0")/.." && pwd)
build=${WORK:-/tmp}/sioc-fuzz

# A build type of our own adds no flags, so only $CXXFLAGS apply.
cmake -S "$src" -B "$build" \
  -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCMAKE_BUILD_TYPE=OSSFuzz \
  -DSIOC_BUILD_FUZZERS=ON -DSIOC_BUILD_TESTS=OFF -DSIOC_BUILD_BENCHMARKS=OFF \
  -DSIOC_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" --parallel

while read -r name; do
  cp "$build/fuzz/fuzz_$name" "$build/fuzz/fuzz_$name.dict" "$OUT/"
  seeds=$build/fuzz/seeds/$name
  if [ -n "$(ls -A "$seeds")" ]; then
    (cd "$seeds" && zip -q -r "$OUT/fuzz_${name}_seed_corpus.zip" .)
  fi
done <"$build/fuzz/targets.txt"
