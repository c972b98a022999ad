# SPDX-License-Identifier: GPL-3.0-or-later
# The layer rule "no torch header above core/engine" as a test: no file compiled for the
# torch-free folders (core/base, core/system, core/weights, core/media, ui/, app/gui and their
# tests) has one of LibTorch's include folders on its command line, so an #include of a torch
# header there cannot compile. Reads the build's compile_commands.json.
#   cmake -DCOMMANDS=<build>/compile_commands.json -DSOURCE_ROOT=<source>
#         -DTORCH_INCLUDES=<dir;dir> -DFREE_DIRS=<dir;dir> -DTORCH_DIR=core/model
#         -P check_torch_free.cmake
# It also asserts that files of TORCH_DIR do see torch's folders, so that a wrong folder name
# (a check that can never fail) fails here instead.
foreach(var COMMANDS SOURCE_ROOT TORCH_INCLUDES FREE_DIRS TORCH_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_torch_free: ${var} not given")
  endif()
endforeach()
file(READ "${COMMANDS}" json)
string(JSON count LENGTH "${json}")
math(EXPR last "${count} - 1")
set(checked 0)
set(torch_seen 0)
set(failures "")
foreach(i RANGE ${last})
  string(JSON file GET "${json}" ${i} file)
  string(JSON command ERROR_VARIABLE no_command GET "${json}" ${i} command)
  if(no_command)  # the "arguments" form
    string(JSON command GET "${json}" ${i} arguments)
  endif()
  file(RELATIVE_PATH relative "${SOURCE_ROOT}" "${file}")
  set(sees_torch OFF)
  foreach(dir IN LISTS TORCH_INCLUDES)
    string(FIND "${command}" "${dir}" at)
    if(NOT at EQUAL -1)
      set(sees_torch ON)
    endif()
  endforeach()
  foreach(free IN LISTS FREE_DIRS)
    if(relative MATCHES "^${free}/")
      math(EXPR checked "${checked} + 1")
      if(sees_torch)
        string(APPEND failures "  ${relative}\n")
      endif()
    endif()
  endforeach()
  if(relative MATCHES "^${TORCH_DIR}/" AND sees_torch)
    math(EXPR torch_seen "${torch_seen} + 1")
  endif()
endforeach()
if(checked EQUAL 0 OR torch_seen EQUAL 0)
  message(FATAL_ERROR "check_torch_free: ${checked} torch-free files and ${torch_seen} files of "
                      "${TORCH_DIR} found: the compile commands or the folders are wrong")
endif()
if(failures)
  message(FATAL_ERROR "These files are compiled with LibTorch's include folders, which their "
                      "layer must not see (docs/architecture.md):\n${failures}")
endif()
message(STATUS "${checked} files of torch-free layers compiled without LibTorch's headers; "
               "${torch_seen} files of ${TORCH_DIR} with them")
