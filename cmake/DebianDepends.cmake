# SPDX-License-Identifier: GPL-3.0-or-later
# Runs when cpack runs (CPACK_PROJECT_CONFIG_FILE): the .deb's Depends are the Debian packages
# owning the shared libraries the programs (MNL_DEB_PROGRAMS) name as NEEDED, as ldd resolves
# them here and dpkg knows them. A library no package owns (LibTorch's, reached through the
# RUNPATH) is left out and listed; MNL_DEB_EXTRA_DEPENDS are added (what is loaded, not linked).
# dpkg-shlibdeps would do the same but refuses outright
# when a library belongs to no package.
if(NOT CPACK_GENERATOR STREQUAL "DEB")
  return()
endif()
find_program(_readelf readelf)
find_program(_ldd ldd)
find_program(_dpkg_query dpkg-query)
if(NOT _readelf OR NOT _ldd OR NOT _dpkg_query)
  message(WARNING "readelf, ldd or dpkg-query missing: the .deb gets no Depends")
  return()
endif()

set(_packages "")
set(_unowned "")
foreach(_program IN LISTS MNL_DEB_PROGRAMS)
  execute_process(COMMAND "${_readelf}" -d "${_program}" OUTPUT_VARIABLE _dynamic
                  RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "readelf -d ${_program} failed")
  endif()
  string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[[^]\n]+\\]" _needed_lines "${_dynamic}")
  execute_process(COMMAND "${_ldd}" "${_program}" OUTPUT_VARIABLE _resolved)
  string(REPLACE "\n" ";" _resolved "${_resolved}")
  foreach(_line IN LISTS _resolved)
    if(_line MATCHES "^[ \t]*([^ ]+) => ([^ ]+) ")
      set("_ldd_${CMAKE_MATCH_1}" "${CMAKE_MATCH_2}")
    elseif(_line MATCHES "^[ \t]*(/[^ ]+) \\(")
      # The dynamic loader itself, when a program names it (its TLS entry point
      # __tls_get_addr, which -fPIC code reaching a library's thread_local calls): ldd gives
      # its path alone, "/lib64/ld-linux-x86-64.so.2 (0x…)".
      get_filename_component(_loader "${CMAKE_MATCH_1}" NAME)
      set("_ldd_${_loader}" "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  foreach(_line IN LISTS _needed_lines)
    string(REGEX REPLACE ".*\\[([^]]+)\\]" "\\1" _soname "${_line}")
    if(NOT DEFINED "_ldd_${_soname}")
      message(FATAL_ERROR "${_program}: ldd does not resolve ${_soname}")
    endif()
    set(_path "${_ldd_${_soname}}")
    file(REAL_PATH "${_path}" _real)
    set(_owner "")
    # With merged /usr, dpkg knows a file under one of its two names.
    foreach(_candidate "${_path}" "${_real}" "/usr${_path}" "/usr${_real}")
      execute_process(COMMAND "${_dpkg_query}" -S "${_candidate}" OUTPUT_VARIABLE _owner
                      ERROR_QUIET RESULT_VARIABLE _rc)
      if(_rc EQUAL 0)
        break()
      endif()
      set(_owner "")
    endforeach()
    if(_owner)
      string(REGEX REPLACE "[:,].*" "" _owner "${_owner}")  # "libqt6core6:amd64: /usr/…"
      string(STRIP "${_owner}" _owner)
      list(APPEND _packages "${_owner}")
      message(VERBOSE "${_soname}: ${_owner}")
    else()
      list(APPEND _unowned "${_soname}")
    endif()
  endforeach()
endforeach()
list(APPEND _packages ${MNL_DEB_EXTRA_DEPENDS})
list(REMOVE_DUPLICATES _packages)
list(SORT _packages)
list(REMOVE_DUPLICATES _unowned)
string(REPLACE ";" ", " CPACK_DEBIAN_PACKAGE_DEPENDS "${_packages}")
message(STATUS "Depends: ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
if(_unowned)
  message(STATUS "Not from a Debian package (found through the RUNPATH): ${_unowned}")
endif()
