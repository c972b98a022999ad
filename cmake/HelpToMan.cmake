# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -P script: a man page for PROGRAM from its --help, by help2man. For a program with
# subcommands (SUBCOMMANDS, comma-separated) each one's --help is added verbatim under
# COMMANDS, so every option the program takes is in its page.
#   -DHELP2MAN= -DPROGRAM= -DNAME= -DSUMMARY= -DVERSION= -DSUBCOMMANDS= -DOUTPUT=
get_filename_component(_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${_dir}")
set(_include "${OUTPUT}.include")
file(WRITE "${_include}" "")
if(SUBCOMMANDS)
  string(REPLACE "," ";" SUBCOMMANDS "${SUBCOMMANDS}")
  file(APPEND "${_include}" "[COMMANDS]\n")
  foreach(_command IN LISTS SUBCOMMANDS)
    execute_process(COMMAND "${PROGRAM}" ${_command} --help OUTPUT_VARIABLE _help
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "${PROGRAM} ${_command} --help failed (${_rc})")
    endif()
    # roff: a backslash is \e, a line may not start with . or ', a minus is \-.
    string(REPLACE "\\" "\\e" _help "${_help}")
    string(REPLACE "-" "\\-" _help "${_help}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" _help "${_help}")
    file(APPEND "${_include}" ".SS ${_command}\n.nf\n${_help}.fi\n")
  endforeach()
endif()
set(_include_option "")
if(SUBCOMMANDS)
  set(_include_option "--include=${_include}")  # help2man refuses an empty one
endif()
execute_process(
  COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 "--name=${SUMMARY}"
          "--version-string=${VERSION}" ${_include_option} "--output=${OUTPUT}" "${PROGRAM}"
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "help2man ${PROGRAM} failed (${_rc})")
endif()
