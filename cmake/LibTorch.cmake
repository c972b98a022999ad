# Finds LibTorch and decides whether the CUDA back end is built.
#
# Every program links LibTorch's CPU half alone (mnl::torch: libtorch_cpu, libc10 and their
# headers), whether or not LibTorch was built with CUDA. What CUDA adds (CUDA graphs, the GPU's
# name, this project's preprocessing kernel) is a plugin, core/model/cuda (libmnl-cuda.so), which the
# programs load at start-up on a machine with NVIDIA's driver (core/model/src/cuda_backend.cpp). So
# a CPU machine never maps LibTorch's CUDA libraries (about 130 MB resident, README), and a
# machine without a CUDA toolkit configures and builds: LibTorch's own CMake config, which the
# PyPI wheel's CUDA build makes demand a toolkit, is read only for the plugin.
#
# Where LibTorch is: a LibTorch the user points at (Torch_DIR or CMAKE_PREFIX_PATH) wins;
# otherwise the torch package of the Python interpreter MNL_TORCH_PYTHON (scripts/setup.sh
# installs PyTorch's wheel into a private venv under ~/.cache and passes that interpreter).
set(MNL_TORCH_PYTHON "" CACHE FILEPATH "Python interpreter whose torch package provides LibTorch")
set(MNL_CUDA AUTO CACHE STRING
    "Build the CUDA back end (core/model/cuda): AUTO builds it when LibTorch has CUDA and nvcc is found")
set_property(CACHE MNL_CUDA PROPERTY STRINGS AUTO ON OFF)

# --- where LibTorch is ------------------------------------------------------------------------
set(MNL_TORCH_PREFIX "")
if(Torch_DIR AND EXISTS "${Torch_DIR}/TorchConfig.cmake")
  get_filename_component(MNL_TORCH_PREFIX "${Torch_DIR}/../../.." REALPATH)
else()
  foreach(_prefix IN LISTS CMAKE_PREFIX_PATH)
    if(EXISTS "${_prefix}/share/cmake/Torch/TorchConfig.cmake")
      get_filename_component(MNL_TORCH_PREFIX "${_prefix}" REALPATH)
      break()
    endif()
  endforeach()
endif()
if(NOT MNL_TORCH_PREFIX)
  if(NOT MNL_TORCH_PYTHON)
    find_program(MNL_TORCH_PYTHON NAMES python3 python)
  endif()
  # Where the package is, without importing it: a wheel installed without its CUDA libraries
  # (setup.sh's CPU set-up) cannot be imported, and LibTorch needs nothing Python does.
  execute_process(
    COMMAND "${MNL_TORCH_PYTHON}" -c
            "import importlib.util, sys; s = importlib.util.find_spec('torch'); sys.stdout.write(s.submodule_search_locations[0])"
    OUTPUT_VARIABLE _mnl_torch_package
    RESULT_VARIABLE _mnl_torch_result
    ERROR_QUIET)
  if(NOT _mnl_torch_result EQUAL 0 OR NOT EXISTS "${_mnl_torch_package}/share/cmake/Torch")
    message(FATAL_ERROR
      "LibTorch not found. Run scripts/setup.sh, or pass -DTorch_DIR=<libtorch>/share/cmake/Torch "
      "or -DMNL_TORCH_PYTHON=<python with torch>.")
  endif()
  get_filename_component(MNL_TORCH_PREFIX "${_mnl_torch_package}" REALPATH)
endif()
set(MNL_TORCH_LIBRARY_DIR "${MNL_TORCH_PREFIX}/lib")

# --- the CPU half: what every program links ---------------------------------------------------
find_library(MNL_TORCH_CPU_LIBRARY torch_cpu PATHS "${MNL_TORCH_LIBRARY_DIR}" NO_DEFAULT_PATH)
find_library(MNL_C10_LIBRARY c10 PATHS "${MNL_TORCH_LIBRARY_DIR}" NO_DEFAULT_PATH)
if(NOT MNL_TORCH_CPU_LIBRARY OR NOT MNL_C10_LIBRARY)
  message(FATAL_ERROR "LibTorch at ${MNL_TORCH_PREFIX} has no libtorch_cpu.so and libc10.so")
endif()
add_library(mnl_torch INTERFACE)
add_library(mnl::torch ALIAS mnl_torch)
target_include_directories(mnl_torch SYSTEM INTERFACE
  "${MNL_TORCH_PREFIX}/include" "${MNL_TORCH_PREFIX}/include/torch/csrc/api/include")
target_link_libraries(mnl_torch INTERFACE "${MNL_TORCH_CPU_LIBRARY}" "${MNL_C10_LIBRARY}")
# What libtorch_cpu's own exported target asks of its users (Caffe2Targets.cmake).
target_compile_definitions(mnl_torch INTERFACE
  USE_DISTRIBUTED USE_C10D_GLOO USE_RPC USE_TENSORPIPE)
# The wheel's libtorch_cpu needs the CUDA runtime and CUPTI (its profiler) even on a CPU; it
# finds them in the wheel's nvidia/cu13/lib through its RPATH. The linker does not follow
# $ORIGIN, so it is told where they are.
file(GLOB _mnl_wheel_cuda_libs LIST_DIRECTORIES true "${MNL_TORCH_PREFIX}/../nvidia/*/lib")
set(MNL_TORCH_CUDART_DIRS "")  # the wheel's folders holding its CUDA runtime (libcudart)
foreach(_dir IN LISTS _mnl_wheel_cuda_libs)
  get_filename_component(_dir "${_dir}" REALPATH)
  target_link_options(mnl_torch INTERFACE "LINKER:-rpath-link,${_dir}")
  file(GLOB _mnl_cudart "${_dir}/libcudart.so*")
  if(_mnl_cudart)
    list(APPEND MNL_TORCH_CUDART_DIRS "${_dir}")
  endif()
endforeach()
message(STATUS "LibTorch (CPU half, every program): ${MNL_TORCH_PREFIX}")

# --- precompiled headers ----------------------------------------------------------------------
# LibTorch's headers are most of the time it takes to compile a file that includes them, even a
# file of 40 lines, and CI builds the project twice (once with the sanitizers) on two cores.
# mnl_precompile_torch(TARGET) compiles <torch/torch.h> once for TARGET and every file of TARGET
# starts from it; REUSE_FROM OTHER takes OTHER's, compiled with the same flags (the tests).
# Each one is about 700 MB on disk, so only the targets with many files that include torch
# have one (docs/benchmarks.md, "Build time").
# -DMNL_PRECOMPILE_TORCH=OFF: every file parses the headers itself. That is the default under
# ccache (scripts/build.sh uses it where installed): ccache does not cache a file compiled from a
# precompiled header unless told to be sloppy about it, and a warm cache beats both.
if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
  set(_mnl_precompile_default OFF)
else()
  set(_mnl_precompile_default ON)
endif()
option(MNL_PRECOMPILE_TORCH "Compile LibTorch's headers once per library instead of per file"
       ${_mnl_precompile_default})
function(mnl_precompile_torch target)
  cmake_parse_arguments(ARG "" "REUSE_FROM" "" ${ARGN})
  if(NOT MNL_PRECOMPILE_TORCH)
    return()
  endif()
  if(ARG_REUSE_FROM)
    target_precompile_headers(${target} REUSE_FROM ${ARG_REUSE_FROM})
  else()
    target_precompile_headers(${target} PRIVATE <torch/torch.h>)
  endif()
endfunction()

# --- the CUDA half: the plugin only -----------------------------------------------------------
# AUTO: LibTorch has CUDA (libtorch_cuda.so) and a CUDA compiler is found: /usr/local/cuda's,
# CUDAToolkit_ROOT's or the one on PATH. (setup.sh passes ON or OFF itself: ON where it finds
# nvcc, and then it installs the wheel's NVIDIA libraries, which its CPU set-up leaves out.)
set(_mnl_cuda_possible OFF)
if(EXISTS "${MNL_TORCH_LIBRARY_DIR}/libtorch_cuda.so")
  set(_mnl_cuda_possible ON)
endif()
if(_mnl_cuda_possible AND NOT MNL_CUDA STREQUAL "OFF")
  # The toolkit: /usr/local/cuda when that is where it lives, else CUDAToolkit_ROOT's or the
  # nvcc on PATH (CMake finds that one itself).
  if(NOT DEFINED CUDAToolkit_ROOT AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CUDAToolkit_ROOT /usr/local/cuda)
  endif()
  if(NOT CMAKE_CUDA_COMPILER AND CUDAToolkit_ROOT AND EXISTS "${CUDAToolkit_ROOT}/bin/nvcc")
    set(CMAKE_CUDA_COMPILER "${CUDAToolkit_ROOT}/bin/nvcc")
  endif()
endif()
set(MNL_BUILD_CUDA_BACKEND OFF)
if(MNL_CUDA STREQUAL "AUTO")
  if(_mnl_cuda_possible)
    include(CheckLanguage)
    check_language(CUDA)
    if(CMAKE_CUDA_COMPILER)
      set(MNL_BUILD_CUDA_BACKEND ON)
    endif()
  endif()
elseif(MNL_CUDA)
  if(NOT _mnl_cuda_possible)
    message(FATAL_ERROR "MNL_CUDA=ON, but the LibTorch at ${MNL_TORCH_PREFIX} has no CUDA")
  endif()
  set(MNL_BUILD_CUDA_BACKEND ON)
endif()

if(MNL_BUILD_CUDA_BACKEND)
  # What LibTorch's CMake config needs for its CUDA targets: without an arch list, Caffe2's
  # config compiles and runs a probe for the GPUs present; that probe inherits C++20, which
  # CMake 3.25 cannot pass to nvcc. Naming the architectures (Ampere, Hopper) skips the probe.
  if(NOT DEFINED TORCH_CUDA_ARCH_LIST AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
    set(TORCH_CUDA_ARCH_LIST "8.0;9.0")
  endif()
  find_package(Torch REQUIRED CONFIG PATHS "${MNL_TORCH_PREFIX}/share/cmake/Torch"
               NO_DEFAULT_PATH)
  # The wheel's libtorch_cuda.so finds cuDNN, NCCL, cuBLAS… in the sibling nvidia/*/lib
  # folders through its RPATH at run time, but the linker does not follow $ORIGIN: without
  # -rpath-link it resolved them against the toolkit's older NCCL (13.0 against a 13.2 wheel).
  set(MNL_TORCH_CUDA_LIBRARIES ${TORCH_LIBRARIES})
  foreach(_dir IN LISTS _mnl_wheel_cuda_libs)
    get_filename_component(_dir "${_dir}" REALPATH)
    list(APPEND MNL_TORCH_CUDA_LIBRARIES "-Wl,-rpath-link,${_dir}")
  endforeach()
  # The fused preprocessing kernel (core/model/cuda/*.cu) includes no torch header, so it compiles
  # as C++17 (what nvcc takes from CMake 3.25) while the rest is C++20.
  set(CMAKE_CUDA_STANDARD 17)
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  enable_language(CUDA)
endif()
# LibTorch's config may already have enabled CUDA with the compiler's default architecture;
# the kernels name their own (Ampere, Hopper; each with its PTX, which newer cards compile).
set(MNL_CUDA_ARCHITECTURES "80;90" CACHE STRING "GPU architectures of this project's kernels")
message(STATUS "CUDA back end (core/model/cuda, libmnl-cuda.so): ${MNL_BUILD_CUDA_BACKEND}")
