# tests/fuzz/replay.cmake: every fuzz target's seed and regression corpus replayed under ctest,
# through the same LLVMFuzzerTestOneInput, without libFuzzer (any compiler).
# Included from tests/CMakeLists.txt.
set(GPD_FUZZ_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz)
file(GLOB gpd_replay_sources CONFIGURE_DEPENDS ${GPD_FUZZ_DIR}/fuzz_*.c)
foreach(src ${gpd_replay_sources})
  get_filename_component(name ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" target ${name})
  add_executable(replay_${target} ${GPD_FUZZ_DIR}/replay.c ${src})
  target_include_directories(replay_${target} PRIVATE ${CMAKE_SOURCE_DIR}/src ${GPD_FUZZ_DIR})
  target_link_libraries(replay_${target} PRIVATE gpdigest_core)
  add_test(NAME fuzz.replay.${target}
    COMMAND replay_${target} ${GPD_FUZZ_DIR}/corpus/${target} ${GPD_FUZZ_DIR}/regress/${target})
  set_tests_properties(fuzz.replay.${target} PROPERTIES TIMEOUT 600)
endforeach()
