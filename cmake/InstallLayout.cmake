# SPDX-License-Identifier: GPL-3.0-or-later
# Where things go when installed (GNU layout: bin/, share/mobilenet-lab/, libexec/mobilenet-lab/,
# share/applications/, …) and how the programs find their files again: by a path relative to
# their own folder, so an installed prefix can move and nothing of the build machine is
# compiled in. The build tree mirrors the installed layout where the programs look:
# <build>/share/mobilenet-lab is a link to the source's resources/, found from
# <build>/app/cli/ or <build>/tests/ui/ one or two folders up (core/system/src/install_layout.cpp).
include(GNUInstallDirs)

set(MNL_DATA_SUBDIR "${CMAKE_INSTALL_DATADIR}/mobilenet-lab")      # weights, labels, demo clip
set(MNL_LIBEXEC_SUBDIR "${CMAKE_INSTALL_LIBEXECDIR}/mobilenet-lab") # helper programs
# Private libraries: the CUDA back end's plugin, and in the .deb the LibTorch runtime.
set(MNL_PLUGIN_SUBDIR "${CMAKE_INSTALL_LIBDIR}/mobilenet-lab")
file(RELATIVE_PATH MNL_RELATIVE_PLUGIN_DIR "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_PREFIX}/${MNL_PLUGIN_SUBDIR}")
file(RELATIVE_PATH MNL_RELATIVE_RESOURCES_DIR "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_FULL_DATADIR}/mobilenet-lab")

# The build tree's copy of the installed layout: a link, so edits to resources/ show at once.
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/${CMAKE_INSTALL_DATADIR}")
file(CREATE_LINK "${PROJECT_SOURCE_DIR}/resources" "${CMAKE_BINARY_DIR}/${MNL_DATA_SUBDIR}"
     SYMBOLIC)

# The desktop ID: the menu entry's file name, the icon's name, the AppStream ID.
set(MNL_APP_ID "io.github.mobilenetlab.MobileNetLab")

# Man pages made from the programs' --help by help2man (cmake/Packaging.cmake); decided here,
# before tests/ asks whether there are any.
find_program(MNL_HELP2MAN help2man)
include(CMakeDependentOption)
cmake_dependent_option(MNL_MAN_PAGES "Make man pages from the programs' --help (help2man)" ON
                       "MNL_HELP2MAN" OFF)
message(STATUS "Man pages (help2man): ${MNL_MAN_PAGES}")
