# The package.* tests (registered in examples/CMakeLists.txt): sioc used the
# ways its users get it, each checked by building and running the program in
# examples/consumer/. Run with cmake -P and absolute paths:
#
#   STEP          which test (the name after "package.")
#   SOURCE_DIR    sioc's source tree
#   BINARY_DIR    the build tree under test, already built
#   PACKAGE_DIR   scratch space: install/ holds the prefixes STEP install makes
#   LIBDIR        CMAKE_INSTALL_LIBDIR
#   GENERATOR, MAKE_PROGRAM, CXX, CXX_FLAGS, EXE_LINKER_FLAGS,
#   SHARED_LINKER_FLAGS, BUILD_TYPE
#                 the build tree's toolchain, passed on to every build made
#                 here (sanitizer flags included; BUILD_TYPE but where
#                 build_type says otherwise)
#   PKG_CONFIG    the pkg-config program
cmake_minimum_required(VERSION 3.20)

set(consumer ${SOURCE_DIR}/examples/consumer)
set(expected_output "EVENT on /: [\"chat\",\"hi\"]\n")
# The prefixes STEP install makes: a fresh one under the build tree, and
# /usr/local staged with DESTDIR.
set(install_root ${PACKAGE_DIR}/install)
set(prefix ${install_root}/prefix)
set(stage ${install_root}/stage)
set(prefixes ${prefix} ${stage}/usr/local)
set(prefix_names prefix usr-local)
set(work ${PACKAGE_DIR}/${STEP})
# The build type of the builds made here. The steps that compile sioc's sources
# again (from source, shared) change it: the build under test has compiled them
# with its own, and optimizing and debug information are most of the cost.
set(build_type ${BUILD_TYPE})

# run(<output variable> <command>...): runs the command, fails the test with its
# output when it fails.
function(run out)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "${command}\nexited with ${rc}:\n${stdout}${stderr}")
  endif()
  set(${out} "${stdout}" PARENT_SCOPE)
endfunction()

function(expect_file path)
  if(NOT EXISTS ${path})
    message(FATAL_ERROR "${path} is missing")
  endif()
endfunction()

# run_app(<program>): runs it and checks what it prints.
function(run_app program)
  run(output ${program})
  if(NOT output STREQUAL expected_output)
    message(FATAL_ERROR "${program} printed\n${output}instead of\n${expected_output}")
  endif()
endfunction()

# configure_consumer(<build dir> <cache arguments>...): configures
# examples/consumer/ with the toolchain under test, asking the CMake file API
# for the code model.
function(configure_consumer dir)
  file(REMOVE_RECURSE ${dir})
  file(WRITE ${dir}/.cmake/api/v1/query/codemodel-v2 "")
  run(ignored ${CMAKE_COMMAND} -S ${consumer} -B ${dir} -G ${GENERATOR} -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}
      -DCMAKE_BUILD_TYPE=${build_type} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_CXX_FLAGS=${CXX_FLAGS}
      -DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS} -DCMAKE_SHARED_LINKER_FLAGS=${SHARED_LINKER_FLAGS} ${ARGN})
endfunction()

# consumer_with_find_package(<build dir> <prefix> <cache arguments>...):
# builds and runs the consumer against the sioc package installed in <prefix>.
function(consumer_with_find_package dir prefix)
  configure_consumer(${dir} -DCMAKE_PREFIX_PATH=${prefix} ${ARGN})
  # The package found must be the one in <prefix>, not one elsewhere.
  file(STRINGS ${dir}/CMakeCache.txt found REGEX "^sioc_DIR:")
  if(NOT found STREQUAL "sioc_DIR:PATH=${prefix}/${LIBDIR}/cmake/sioc")
    message(FATAL_ERROR "find_package(sioc) found ${found}, not the package in ${prefix}")
  endif()
  run(ignored ${CMAKE_COMMAND} --build ${dir})
  run_app(${dir}/app)
endfunction()

# consumer_with_pkg_config(<program> <prefix>): builds the consumer with
# examples/consumer/build.sh from the sioc.pc in <prefix>, and runs it.
function(consumer_with_pkg_config program prefix)
  set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
  set(ENV{PKG_CONFIG} ${PKG_CONFIG})
  # The directories sioc.pc names must be those of <prefix>.
  run(cflags ${PKG_CONFIG} --cflags-only-I sioc)
  run(libs ${PKG_CONFIG} --libs-only-L sioc)
  string(REGEX MATCH "-I([^ \n]+)" ignored "${cflags}")
  file(REAL_PATH "${CMAKE_MATCH_1}" includedir)
  string(REGEX MATCH "-L([^ \n]+)" ignored "${libs}")
  file(REAL_PATH "${CMAKE_MATCH_1}" libdir)
  file(REAL_PATH ${prefix}/include expected_includedir)
  file(REAL_PATH ${prefix}/${LIBDIR} expected_libdir)
  if(NOT includedir STREQUAL expected_includedir OR NOT libdir STREQUAL expected_libdir)
    message(FATAL_ERROR "sioc.pc in ${prefix} gives ${cflags} ${libs}")
  endif()
  set(ENV{CXX} ${CXX})
  set(ENV{CXXFLAGS} ${CXX_FLAGS})
  set(ENV{LDFLAGS} ${EXE_LINKER_FLAGS})
  run(ignored sh ${consumer}/build.sh ${program})
  run_app(${program})
endfunction()

# consumer_from_source(<SIOC_FROM>): builds and runs the consumer with sioc's
# source tree as a subproject, which must bring the library and nothing else:
# no executable but the consumer's, no custom target, no test, no install rule,
# and none of the tools only the tests need looked for. The consumer sets no
# build type (so sioc compiles with the build's flags alone), and sioc must not
# set one for it.
function(consumer_from_source how)
  set(dir ${work}/build)
  set(build_type "")
  configure_consumer(${dir} -DSIOC_FROM=${how} -DSIOC_SOURCE_PATH=${SOURCE_DIR})
  file(STRINGS ${dir}/CMakeCache.txt cached_build_type REGEX "^CMAKE_BUILD_TYPE:[A-Z]*=.")
  if(cached_build_type)
    message(FATAL_ERROR "${how}: sioc set the build type of the project that includes it: ${cached_build_type}")
  endif()
  run(ignored ${CMAKE_COMMAND} --build ${dir})
  run_app(${dir}/app)

  file(GLOB index ${dir}/.cmake/api/v1/reply/index-*.json)
  file(READ "${index}" json)
  string(JSON codemodel_file GET "${json}" reply codemodel-v2 jsonFile)
  file(READ ${dir}/.cmake/api/v1/reply/${codemodel_file} json)
  string(JSON targets GET "${json}" configurations 0 targets)
  string(JSON count LENGTH "${targets}")
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON target_file GET "${targets}" ${i} jsonFile)
    file(READ ${dir}/.cmake/api/v1/reply/${target_file} target)
    string(JSON name GET "${target}" name)
    string(JSON type GET "${target}" type)
    if((type STREQUAL "EXECUTABLE" AND NOT name STREQUAL "app") OR type STREQUAL "UTILITY")
      message(FATAL_ERROR "${how} created the ${type} target ${name}")
    endif()
  endforeach()

  file(GLOB_RECURSE test_files ${dir}/CTestTestfile.cmake)
  if(test_files)
    message(FATAL_ERROR "${how} registered tests: ${test_files}")
  endif()
  file(STRINGS ${dir}/CMakeCache.txt looked_for REGEX "^(SIOC_NODE|GTest_DIR|benchmark_DIR|Python3_EXECUTABLE)[:]")
  if(looked_for)
    message(FATAL_ERROR "${how} looked for what only sioc's own tests need: ${looked_for}")
  endif()
  run(ignored ${CMAKE_COMMAND} --install ${dir} --prefix ${work}/installed)
  if(EXISTS ${work}/installed)
    message(FATAL_ERROR "${how} installed files into ${work}/installed")
  endif()
endfunction()

if(STEP STREQUAL "install")
  # The library's components of the build tree under test, into a fresh prefix
  # and into /usr/local under a staging directory.
  file(REMOVE_RECURSE ${install_root})
  foreach(component sioc_Runtime sioc_Development)
    run(ignored ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix} --component ${component})
    run(ignored ${CMAKE_COMMAND} -E env DESTDIR=${stage}
        ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix /usr/local --component ${component})
  endforeach()
  file(GLOB headers RELATIVE ${SOURCE_DIR}/codec/include ${SOURCE_DIR}/codec/include/sioc/*.hpp)
  foreach(p IN LISTS prefixes)
    foreach(header IN LISTS headers)
      expect_file(${p}/include/${header})
    endforeach()
    foreach(file libsioc.a cmake/sioc/siocConfig.cmake cmake/sioc/siocConfigVersion.cmake
                 cmake/sioc/siocTargets.cmake pkgconfig/sioc.pc)
      expect_file(${p}/${LIBDIR}/${file})
    endforeach()
  endforeach()

elseif(STEP STREQUAL "find_package")
  foreach(name p IN ZIP_LISTS prefix_names prefixes)
    consumer_with_find_package(${work}/${name} ${p})
  endforeach()

elseif(STEP STREQUAL "pkg_config")
  file(REMOVE_RECURSE ${work})
  file(MAKE_DIRECTORY ${work})
  foreach(name p IN ZIP_LISTS prefix_names prefixes)
    consumer_with_pkg_config(${work}/app-${name} ${p})
  endforeach()

elseif(STEP STREQUAL "add_subdirectory")
  consumer_from_source(add_subdirectory)

elseif(STEP STREQUAL "fetch_content")
  consumer_from_source(FetchContent)

elseif(STEP STREQUAL "config_version")
  # find_package(sioc <version>) accepts the installed major.minor version with
  # any patch level, and no other (siocConfigVersion.cmake, SameMinorVersion).
  set(version_file ${prefix}/${LIBDIR}/cmake/sioc/siocConfigVersion.cmake)
  include(${version_file})
  string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" ignored ${PACKAGE_VERSION})
  set(major ${CMAKE_MATCH_1})
  set(minor ${CMAKE_MATCH_2})
  math(EXPR next_minor "${minor} + 1")
  math(EXPR next_major "${major} + 1")
  set(requests ${major}.${minor} ${major}.${minor}.0 ${major}.${next_minor} ${next_major}.0)
  set(verdicts TRUE TRUE FALSE FALSE)
  if(minor GREATER 0)
    math(EXPR previous_minor "${minor} - 1")
    list(APPEND requests ${major}.${previous_minor})
    list(APPEND verdicts FALSE)
  endif()
  foreach(PACKAGE_FIND_VERSION expected IN ZIP_LISTS requests verdicts)
    string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" ignored ${PACKAGE_FIND_VERSION})
    set(PACKAGE_FIND_VERSION_MAJOR ${CMAKE_MATCH_1})
    set(PACKAGE_FIND_VERSION_MINOR ${CMAKE_MATCH_2})
    include(${version_file})
    if(NOT PACKAGE_VERSION_COMPATIBLE STREQUAL expected)
      message(FATAL_ERROR "sioc ${PACKAGE_VERSION} for find_package(sioc ${PACKAGE_FIND_VERSION}): "
                          "compatible is ${PACKAGE_VERSION_COMPATIBLE}, expected ${expected}")
    endif()
  endforeach()

elseif(STEP STREQUAL "shared_library")
  # The install commands of the README with BUILD_SHARED_LIBS=ON (and, to save
  # time, without the command-line tool, and with the build type None, the
  # build's flags alone, as Debian packages build): everything installed comes
  # from cmake --install without components, and a shared libsioc carries
  # simdjson, so its package must not need it.
  set(build ${work}/sioc-build)
  set(shared_prefix ${work}/prefix)
  set(build_type None)
  file(REMOVE_RECURSE ${work})
  run(ignored ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${build} -G ${GENERATOR} -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}
      -DCMAKE_BUILD_TYPE=${build_type} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_CXX_FLAGS=${CXX_FLAGS}
      -DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS} -DCMAKE_SHARED_LINKER_FLAGS=${SHARED_LINKER_FLAGS}
      -DSIOC_BUILD_TESTS=OFF -DSIOC_BUILD_BENCHMARKS=OFF -DSIOC_BUILD_CLI=OFF -DBUILD_SHARED_LIBS=ON)
  run(ignored ${CMAKE_COMMAND} --build ${build})
  run(ignored ${CMAKE_COMMAND} --install ${build} --prefix ${shared_prefix})
  file(GLOB shared_objects ${shared_prefix}/${LIBDIR}/libsioc.so*)
  list(TRANSFORM shared_objects REPLACE ".*/" "")
  list(SORT shared_objects)
  if(NOT shared_objects STREQUAL "libsioc.so;libsioc.so.0.1;libsioc.so.0.1.0" OR EXISTS ${shared_prefix}/${LIBDIR}/libsioc.a)
    message(FATAL_ERROR "${shared_prefix}/${LIBDIR} holds ${shared_objects}")
  endif()
  consumer_with_find_package(${work}/consumer ${shared_prefix} -DCMAKE_DISABLE_FIND_PACKAGE_simdjson=ON)
  set(ENV{LD_LIBRARY_PATH} ${shared_prefix}/${LIBDIR})
  consumer_with_pkg_config(${work}/app-pkg-config ${shared_prefix})

else()
  message(FATAL_ERROR "unknown STEP ${STEP}")
endif()
