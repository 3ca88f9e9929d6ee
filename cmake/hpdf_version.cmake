# cmake/hpdf_version.cmake: the libharu version the layout's libharu patches are written for, checked.
#
# src/layout/layout_show.c, layout_deflate.c, layout_cmap.c and layout_memops.c
# read libharu's private structures and replace some of its functions
# (GPDIGEST_HPDF_PATCHES). They are written against libharu 2.3.0; any
# other version must be built without them. Also run as a script by the
# test hpdf.version_check: cmake -DHPDF_INCLUDE_DIR=DIR -DPATCHES=ON -P this.

set(GPD_HPDF_PATCHED_VERSION "2.3.0")

function(gpd_check_hpdf_version include_dir patches)
  set(header ${include_dir}/hpdf_version.h)
  if(NOT EXISTS ${header})
    message(FATAL_ERROR "libharu: ${header} not found, so its version is unknown")
  endif()
  file(STRINGS ${header} line REGEX "^#define[ \t]+HPDF_VERSION_TEXT[ \t]")
  string(REGEX REPLACE "^#define[ \t]+HPDF_VERSION_TEXT[ \t]+\"([^\"]*)\".*" "\\1" version "${line}")
  if(version STREQUAL "" OR version STREQUAL "${line}")
    message(FATAL_ERROR "libharu: no HPDF_VERSION_TEXT in ${header}, so its version is unknown")
  endif()
  set(GPD_HPDF_VERSION ${version} PARENT_SCOPE)
  if(version STREQUAL GPD_HPDF_PATCHED_VERSION)
    message(STATUS "libharu ${version}: the layout's libharu patches apply (GPDIGEST_HPDF_PATCHES=${patches})")
  elseif(patches)
    message(FATAL_ERROR "libharu ${version} found (${header}), but the layout's libharu "
      "patches are written for libharu ${GPD_HPDF_PATCHED_VERSION}'s internals. Configure with "
      "-DGPDIGEST_HPDF_PATCHES=OFF to build with libharu's own functions (the same PDF bytes, "
      "slower), or build against libharu ${GPD_HPDF_PATCHED_VERSION}.")
  else()
    message(WARNING "libharu ${version}: built without the libharu patches. src/layout/layout_text.c "
      "still corrects two things in libharu ${GPD_HPDF_PATCHED_VERSION}'s fonts (the ToUnicode "
      "map, composite glyphs) through its font structures: run the PDF tests.")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  gpd_check_hpdf_version(${HPDF_INCLUDE_DIR} ${PATCHES})
endif()
