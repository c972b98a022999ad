# SPDX-License-Identifier: GPL-3.0-or-later
# What `cmake --install build --prefix P` lays out, and CPack's .deb of the same tree:
#   P/bin/mobilenet-lab, P/bin/mobilenet-lab-cli
#   P/libexec/mobilenet-lab/        helper programs core starts (the Keras .h5 reader)
#   P/share/mobilenet-lab/          weights, labels, demo clip, their licences and NOTICE, GPL
#   P/share/applications/           the menu entry (opens videos and images: %F, MimeType)
#   P/share/icons/hicolor/          the icon, scalable and in PNG sizes
#   P/share/metainfo/               AppStream data (software centres)
#   P/share/man/man1/               both programs' man pages, made from their --help by help2man
# The programs find share/mobilenet-lab from their own folder (cmake/InstallLayout.cmake).
#
# LibTorch is not installed: the programs keep a RUNPATH to the LibTorch they were built
# against (the wheel's torch/lib, or your Torch_DIR's lib/), and `mobilenet-lab-cli --version`
# says which folder it was loaded from. The PyPI wheel is a CUDA build, so its libtorch_cuda
# and the CUDA libraries it needs (gigabytes) would come with it; README "Installing" says why
# and how to build a package that works on another machine.
# A placeholder until the project has a public home: set it then (README "Installing").
set(MNL_PROJECT_URL "https://github.com/mobilenetlab/mobilenet-lab" CACHE STRING
    "Where the project is published: the AppStream homepage, the screenshot's address")
set(MNL_SCREENSHOT_URL "${MNL_PROJECT_URL}/raw/main/docs/screenshot.png")
set(MNL_RELEASE_DATE "2026-12-01")  # of PROJECT_VERSION; AppStream's <release>

# --- programs -------------------------------------------------------------------------------
# Installed, the programs' RUNPATH names LibTorch's folder alone (the build tree's also
# carries what LibTorch's CMake config adds: empty MKL folders, the CUDA toolkit's). The wheel's
# CUDA runtime folder, first where this project's kernels are built, is a link option
# (core/CMakeLists.txt) and stays.
get_filename_component(_mnl_torch_lib "${TORCH_INSTALL_PREFIX}/lib" REALPATH)
foreach(_program mobilenet-lab mobilenet-lab-cli)
  if(TARGET ${_program})
    set_target_properties(${_program} PROPERTIES INSTALL_RPATH "${_mnl_torch_lib}")
    install(TARGETS ${_program} RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  endif()
endforeach()
# Core starts the Keras .h5 reader from ../libexec/mobilenet-lab beside the programs. The build
# tree keeps it at the same place relative to its root (<build>/libexec/mobilenet-lab), so
# core can find it there from the running program as it finds the resources
# (findBesideProgram in install_layout.h), with no build path compiled in.
if(TARGET mobilenet-lab-keras-h5-reader)
  set_target_properties(mobilenet-lab-keras-h5-reader PROPERTIES
                        RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/${MNL_LIBEXEC_SUBDIR}")
  install(TARGETS mobilenet-lab-keras-h5-reader RUNTIME DESTINATION "${MNL_LIBEXEC_SUBDIR}")
endif()

# --- data -----------------------------------------------------------------------------------
install(DIRECTORY "${PROJECT_SOURCE_DIR}/resources/" DESTINATION "${MNL_DATA_SUBDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${MNL_DATA_SUBDIR}"
        RENAME LICENSE-GPL-3.0-or-later.txt)

# --- desktop integration --------------------------------------------------------------------
set(_linux "${PROJECT_SOURCE_DIR}/packaging/linux")
if(MNL_BUILD_GUI)
  install(FILES "${_linux}/${MNL_APP_ID}.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/packaging/icons/hicolor"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons")
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/icons/mobilenet-lab.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
          RENAME "${MNL_APP_ID}.svg")
  configure_file("${_linux}/${MNL_APP_ID}.metainfo.xml.in"
                 "${PROJECT_BINARY_DIR}/packaging/${MNL_APP_ID}.metainfo.xml" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/packaging/${MNL_APP_ID}.metainfo.xml"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
endif()

# --- man pages, from --help (help2man), so they cannot drift from it ------------------------
# (MNL_MAN_PAGES: cmake/InstallLayout.cmake)
if(MNL_MAN_PAGES)
  set(_man_dir "${PROJECT_BINARY_DIR}/man")
  set(_pages "")
  foreach(_entry
      "mobilenet-lab|watch MobileNet v1 classify live video and what its size costs|"
      "mobilenet-lab-cli|MobileNet v1 cost, classification and speed from the command line|cost;classify;bench")
    string(REPLACE "|" ";" _entry "${_entry}")
    list(GET _entry 0 _program)
    list(GET _entry 1 _summary)
    list(LENGTH _entry _length)
    set(_subcommands "")
    if(_length GREATER 2)
      list(SUBLIST _entry 2 -1 _subcommands)
    endif()
    if(NOT TARGET ${_program})
      continue()
    endif()
    string(REPLACE ";" "," _subcommands "${_subcommands}")
    add_custom_command(
      OUTPUT "${_man_dir}/${_program}.1"
      COMMAND "${CMAKE_COMMAND}" "-DHELP2MAN=${MNL_HELP2MAN}" "-DPROGRAM=$<TARGET_FILE:${_program}>"
              "-DNAME=${_program}" "-DSUMMARY=${_summary}" "-DVERSION=${PROJECT_VERSION}"
              "-DSUBCOMMANDS=${_subcommands}" "-DOUTPUT=${_man_dir}/${_program}.1"
              -P "${PROJECT_SOURCE_DIR}/cmake/HelpToMan.cmake"
      DEPENDS ${_program} "${PROJECT_SOURCE_DIR}/cmake/HelpToMan.cmake"
      COMMENT "Man page of ${_program} from its --help"
      VERBATIM)
    list(APPEND _pages "${_man_dir}/${_program}.1")
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${_pages})
  install(FILES ${_pages} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endif()

# --- the .deb -------------------------------------------------------------------------------
# Its Depends are the Debian packages that own the libraries the programs link directly (Qt 6,
# QCustomPlot, OpenCV, HDF5, the C++ runtime): cmake/DebianDepends.cmake asks dpkg when cpack
# runs, from the built programs, so the list follows what is linked. LibTorch belongs to no
# package and stays out (see above).
set(CPACK_PACKAGE_NAME "mobilenet-lab")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "MobileNet Lab")
set(CPACK_PACKAGE_CONTACT "MobileNet Lab <mobilenet-lab@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see MobileNet v1 classify live video and what its size costs")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "A Qt 6 window drives a LibTorch MobileNet v1 with real pretrained ImageNet weights: live "
    "classification of a webcam, video or images, the feature maps of any layer, and the "
    "network's cost per layer as the width and resolution multipliers change. Includes "
    "mobilenet-lab-cli (cost tables, classification, benchmarks). Uses the LibTorch it was "
    "built against, found through its RUNPATH.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${MNL_PROJECT_URL}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_COMPRESSION_TYPE "gzip")  # quick to make; xz saves a fifth and takes longer
# Qt loads its platform plugins (X11, Wayland…) at run time: no program names them as NEEDED,
# and libqt6gui6 only recommends them.
if(MNL_BUILD_GUI)
  set(MNL_DEB_EXTRA_DEPENDS "qt6-qpa-plugins")
endif()
set(_mnl_deb_programs "")
foreach(_program mobilenet-lab mobilenet-lab-cli mobilenet-lab-keras-h5-reader)
  if(TARGET ${_program})
    list(APPEND _mnl_deb_programs "$<TARGET_FILE:${_program}>")
  endif()
endforeach()
file(GENERATE OUTPUT "${PROJECT_BINARY_DIR}/packaging/deb-programs.cmake"
     CONTENT "set(MNL_DEB_PROGRAMS \"${_mnl_deb_programs}\")\n")
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_BINARY_DIR}/packaging/cpack-project.cmake")
file(WRITE "${CPACK_PROJECT_CONFIG_FILE}"
     "include(\"${PROJECT_BINARY_DIR}/packaging/deb-programs.cmake\")\n"
     "set(MNL_DEB_EXTRA_DEPENDS \"${MNL_DEB_EXTRA_DEPENDS}\")\n"
     "include(\"${PROJECT_SOURCE_DIR}/cmake/DebianDepends.cmake\")\n")
include(CPack)
