# CLI11 and nlohmann-json: Debian's packages when installed, else the copies in third_party/.
find_package(CLI11 QUIET CONFIG)
if(NOT TARGET CLI11::CLI11)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE "${PROJECT_SOURCE_DIR}/third_party/cli11/include")
endif()
find_package(nlohmann_json QUIET CONFIG)
if(NOT TARGET nlohmann_json::nlohmann_json)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE
    "${PROJECT_SOURCE_DIR}/third_party/nlohmann_json/include")
endif()
