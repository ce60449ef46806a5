#!/bin/sh
# Builds main.cpp into the program named by $1 (default: ./app) with the flags
# pkg-config gives for sioc; CXX, CXXFLAGS, LDFLAGS and PKG_CONFIG are honoured.
# --static also lists what a static libsioc links privately (simdjson); with a
# shared libsioc it only adds a library the linker already resolves.
set -eu
src=$(dirname "$0")/main.cpp
out=${1:-app}
# Word splitting of the flag variables is intended.
# shellcheck disable=SC2086
${CXX:-c++} -std=c++17 ${CXXFLAGS:-} "$src" -o "$out" $(${PKG_CONFIG:-pkg-config} --static --cflags --libs sioc) ${LDFLAGS:-}
