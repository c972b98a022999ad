# SPDX-License-Identifier: GPL-3.0-or-later
# What `cmake --install build --prefix P` lays out, and CPack's .deb of the same tree:
#   P/bin/mobilenet-lab, P/bin/mobilenet-lab-cli
#   P/libexec/mobilenet-lab/        helper programs core starts (the Keras .h5 reader)
#   P/share/mobilenet-lab/          weights, labels, demo clip, their licences and NOTICE, GPL
#   P/share/applications/           the menu entry (opens videos and images: %F, MimeType)
#   P/share/icons/hicolor/          the icon, scalable and in PNG sizes
#   P/share/metainfo/               AppStream data (software centres)
#   P/share/man/man1/               both programs' man pages, made from their --help by help2man
#   P/lib/<arch>/mobilenet-lab/     private libraries: LibTorch's CPU runtime (MNL_BUNDLE_LIBTORCH)
#                                   and, in the `cuda` component, the CUDA back end's plugin
# The programs find share/mobilenet-lab and their libraries from their own folder
# (cmake/InstallLayout.cmake; RUNPATH $ORIGIN/…), so the prefix can move.
#
# LibTorch: with MNL_BUNDLE_LIBTORCH (the default) the libraries the programs load from it are
# installed with them: libtorch_cpu and libc10, the OpenMP runtime of the wheel, and the CUDA
# runtime and CUPTI that the wheel's libtorch_cpu names as NEEDED even on a CPU (about 360 MB,
# stripped). That is what makes the .deb install on a machine that never saw the build (README
# "Installing"). The CUDA back end (component `cuda`, not in the .deb) keeps a RUNPATH to the
# wheel it was built against.
# A placeholder until the project has a public home: set it then (README "Installing").
set(MNL_PROJECT_URL "https://github.com/mobilenetlab/mobilenet-lab" CACHE STRING
    "Where the project is published: the AppStream homepage, the screenshot's address")
set(MNL_SCREENSHOT_URL "${MNL_PROJECT_URL}/raw/main/docs/screenshot.png")
set(MNL_RELEASE_DATE "2026-12-01")  # of PROJECT_VERSION; AppStream's <release>

# --- programs -------------------------------------------------------------------------------
option(MNL_BUNDLE_LIBTORCH "Install LibTorch's CPU runtime with the programs (the .deb needs it)" ON)
get_filename_component(_mnl_torch_lib "${MNL_TORCH_LIBRARY_DIR}" REALPATH)
if(MNL_BUNDLE_LIBTORCH)
  set(_mnl_program_rpath "$ORIGIN/${MNL_RELATIVE_PLUGIN_DIR}")
else()
  set(_mnl_program_rpath "${_mnl_torch_lib}")
endif()
foreach(_program mobilenet-lab mobilenet-lab-cli)
  if(TARGET ${_program})
    set_target_properties(${_program} PROPERTIES INSTALL_RPATH "${_mnl_program_rpath}")
    install(TARGETS ${_program} RUNTIME_DEPENDENCY_SET mnl_libtorch_runtime
            RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  endif()
endforeach()
if(MNL_BUNDLE_LIBTORCH)
  # What the installed programs load from LibTorch's folders (the wheel: torch/lib and
  # nvidia/*/lib beside it), as the loader resolves it; every other library comes from a Debian
  # package (the .deb's Depends).
  get_filename_component(_mnl_torch_root "${MNL_TORCH_PREFIX}/.." REALPATH)
  install(RUNTIME_DEPENDENCY_SET mnl_libtorch_runtime
          DIRECTORIES "${_mnl_torch_lib}" ${MNL_TORCH_CUDART_DIRS}
          POST_INCLUDE_REGEXES "^${_mnl_torch_root}/"
          POST_EXCLUDE_REGEXES ".*"
          DESTINATION "${MNL_PLUGIN_SUBDIR}")
  # CPack's strip (CPACK_STRIP_FILES) reaches installed targets only, so LibTorch's libraries
  # are stripped here (libtorch_cpu.so: 448 → 357 MB). NVIDIA's are left as NVIDIA ships them.
  install(CODE "
    if(CMAKE_INSTALL_DO_STRIP)
      file(GLOB _libs \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${MNL_PLUGIN_SUBDIR}/libtorch*.so*\"
                      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${MNL_PLUGIN_SUBDIR}/libc10*.so*\"
                      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${MNL_PLUGIN_SUBDIR}/libgomp*.so*\")
      foreach(_lib IN LISTS _libs)
        execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded \"\${_lib}\")
      endforeach()
    endif()")
  # Their licences: LibTorch's (BSD-3-Clause, with its third-party notices) and NVIDIA's for
  # the CUDA runtime and CUPTI (redistributable under the CUDA Toolkit EULA, Attachment A).
  file(GLOB _mnl_libtorch_licence "${_mnl_torch_root}/torch-*.dist-info/licenses/LICENSE")
  file(GLOB _mnl_cudart_licence
       "${_mnl_torch_root}/nvidia_cuda_runtime-*.dist-info/licenses/License.txt")
  if(_mnl_libtorch_licence)
    install(FILES ${_mnl_libtorch_licence} DESTINATION "${MNL_DATA_SUBDIR}/licenses"
            RENAME LibTorch-LICENSE.txt)
  else()
    message(WARNING "LibTorch's licence file was not found beside ${MNL_TORCH_PREFIX}: add it "
                    "to what you distribute")
  endif()
  if(_mnl_cudart_licence)
    install(FILES ${_mnl_cudart_licence} DESTINATION "${MNL_DATA_SUBDIR}/licenses"
            RENAME NVIDIA-CUDA-runtime-License.txt)
  endif()
endif()
if(TARGET mnl_cuda)
  set_target_properties(mnl_cuda PROPERTIES INSTALL_RPATH "${MNL_TORCH_CUDART_DIRS};${_mnl_torch_lib}")
endif()
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
# QCustomPlot, OpenCV, HDF5, oneDNN, the C++ runtime): cmake/DebianDepends.cmake asks dpkg when
# cpack runs, from the built programs, so the list follows what is linked. LibTorch belongs to
# no package: its CPU runtime travels inside the .deb (above). It is a CPU package: the `cuda`
# component (the plugin, which needs LibTorch's CUDA half and gigabytes of NVIDIA libraries)
# stays out.
set(CPACK_PACKAGE_NAME "mobilenet-lab")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "MobileNet Lab")
set(CPACK_PACKAGE_CONTACT "MobileNet Lab <mobilenet-lab@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see MobileNet v1 classify live video and what its size costs")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "A Qt 6 window drives a LibTorch MobileNet v1 with real pretrained ImageNet weights: live "
    "classification of a webcam, video or images, the feature maps of any layer, and the "
    "network's cost per layer as the width and resolution multipliers change. Includes "
    "mobilenet-lab-cli (cost tables, classification, benchmarks). Runs on the CPU; carries "
    "the LibTorch runtime it was built with.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${MNL_PROJECT_URL}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# zstd: LibTorch makes the package large; zstd packs it about as small as xz in a fraction of
# the time (dpkg reads it since Debian 12).
set(CPACK_DEBIAN_COMPRESSION_TYPE "zstd")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL Unspecified)
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
