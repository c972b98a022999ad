# Finds LibTorch. A LibTorch the user points at (Torch_DIR or CMAKE_PREFIX_PATH) wins; otherwise
# the one inside the Python interpreter MNL_TORCH_PYTHON (scripts/setup.sh installs PyTorch's
# own wheel into a private venv under ~/.cache and passes that interpreter).
set(MNL_TORCH_PYTHON "" CACHE FILEPATH "Python interpreter whose torch package provides LibTorch")

# What a CUDA build of LibTorch (the PyPI wheel is one) needs from its CMake config:
# - Without an arch list, Caffe2's config compiles and runs a probe for the GPUs present; that
#   probe inherits C++20, which CMake 3.25 cannot pass to nvcc. Nothing here compiles CUDA
#   kernels, so naming the architectures (Ampere, Hopper) skips the probe.
# - It looks for the CUDA toolkit; point it at /usr/local/cuda when that is where it lives.
if(NOT DEFINED TORCH_CUDA_ARCH_LIST AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
  set(TORCH_CUDA_ARCH_LIST "8.0;9.0")
endif()
if(NOT DEFINED CUDAToolkit_ROOT AND EXISTS /usr/local/cuda/bin/nvcc)
  set(CUDAToolkit_ROOT /usr/local/cuda)
endif()
if(NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
  set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
endif()

find_package(Torch QUIET CONFIG)
if(NOT Torch_FOUND)
  if(NOT MNL_TORCH_PYTHON)
    find_program(MNL_TORCH_PYTHON NAMES python3 python)
  endif()
  execute_process(
    COMMAND "${MNL_TORCH_PYTHON}" -c "import torch, sys; sys.stdout.write(torch.utils.cmake_prefix_path)"
    OUTPUT_VARIABLE _mnl_torch_prefix
    RESULT_VARIABLE _mnl_torch_result
    ERROR_QUIET)
  if(NOT _mnl_torch_result EQUAL 0)
    message(FATAL_ERROR
      "LibTorch not found. Run scripts/setup.sh, or pass -DTorch_DIR=<libtorch>/share/cmake/Torch "
      "or -DMNL_TORCH_PYTHON=<python with torch>.")
  endif()
  list(APPEND CMAKE_PREFIX_PATH "${_mnl_torch_prefix}")
  find_package(Torch REQUIRED CONFIG)
endif()
# The wheel's libtorch_cuda.so finds its CUDA libraries (cuDNN, NCCL, cuBLAS…) in the sibling
# nvidia/*/lib folders through its RPATH at run time, but the linker does not follow $ORIGIN:
# without -rpath-link it resolves them against whatever CUDA toolkit ldconfig knows, which
# may be older and lack symbols (seen here: NCCL from CUDA 13.0 against a 13.2 wheel).
file(GLOB _mnl_wheel_cuda_libs LIST_DIRECTORIES true "${Torch_DIR}/../../../../nvidia/*/lib")
set(MNL_TORCH_CUDART_DIRS "")  # the wheel's folders holding its CUDA runtime (libcudart)
foreach(_dir IN LISTS _mnl_wheel_cuda_libs)
  get_filename_component(_dir "${_dir}" REALPATH)
  list(APPEND TORCH_LIBRARIES "-Wl,-rpath-link,${_dir}")
  file(GLOB _mnl_cudart "${_dir}/libcudart.so*")
  if(_mnl_cudart)
    list(APPEND MNL_TORCH_CUDART_DIRS "${_dir}")
  endif()
endforeach()
message(STATUS "LibTorch ${Torch_VERSION} from ${Torch_DIR}")

# This project's own CUDA kernels (the fused preprocessing, core/src/*.cu): built when LibTorch
# has CUDA and a CUDA compiler is found; without them the GPU path uses ATen's operators.
# The kernels' .cu files include no torch header, so they compile as C++17 (what nvcc takes
# from CMake 3.25) while the rest is C++20.
set(_mnl_cuda_kernels_default OFF)
if(TORCH_CUDA_LIBRARIES)
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(_mnl_cuda_kernels_default ON)
  endif()
endif()
option(MNL_CUDA_KERNELS "Build this project's CUDA kernels (needs CUDA LibTorch and nvcc)"
       ${_mnl_cuda_kernels_default})
# LibTorch's config may already have enabled CUDA with the compiler's default architecture;
# the kernels name their own (Ampere, Hopper; each with its PTX, which newer cards compile).
set(MNL_CUDA_ARCHITECTURES "80;90" CACHE STRING "GPU architectures of this project's kernels")
if(MNL_CUDA_KERNELS)
  set(CMAKE_CUDA_STANDARD 17)
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  enable_language(CUDA)
endif()
message(STATUS "CUDA kernels of this project: ${MNL_CUDA_KERNELS}")
