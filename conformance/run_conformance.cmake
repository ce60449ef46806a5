# Runs sioc-conformance for CTest: sioc strict and reference, and the JS
# reference. Fails when a gate fails.
set(adapters
  "sioc-strict=${SIOC_ADAPTER} --dialect strict"
  "sioc-reference=${SIOC_ADAPTER} --dialect reference"
  "js-reference=${NODE} ${SOURCE_DIR}/conformance/adapters/node/adapter.js")
set(gates --gate sioc-strict=no-fail --gate sioc-reference=no-fail --gate js-reference=all-pass)
execute_process(
  COMMAND ${RUNNER} --vectors ${SOURCE_DIR}/vectors --out ${OUT} ${gates} ${adapters}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "sioc-conformance exited with ${status}")
endif()
