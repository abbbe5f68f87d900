// Where the committed test fixtures are (tests/fixtures/, see its README.md): official-format
// checkpoints under official/, small photos under photos/, older model files under models/. tests/meson.build passes the folder
// in CYCLEGAN_FIXTURES; a test run some other way fails with a message saying so.
//
//   const std::string pth = cyclegan_fixtures::official("resnet2_ngf8_zip.pth");
//   const std::string jpg = cyclegan_fixtures::photo("dune.jpg");
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace cyclegan_fixtures {

inline std::string folder() {
  const char* dir = std::getenv("CYCLEGAN_FIXTURES");
  if (dir == nullptr || *dir == '\0') {
    ADD_FAILURE() << "CYCLEGAN_FIXTURES is not set: run the tests with `meson test` (tests/meson.build "
                     "points it at tests/fixtures)";
    return "CYCLEGAN_FIXTURES-is-not-set";
  }
  return dir;
}

// The path of a fixture file; a missing one is a test failure here, so that a test which then
// expects an error from reading it cannot pass by accident.
inline std::string existing(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) ADD_FAILURE() << "missing test fixture " << path;
  return path;
}

// official/NAME: a checkpoint, its expected output, manifest.json or resnet9_keys.txt.
inline std::string official(const std::string& name) { return existing(folder() + "/official/" + name); }
inline std::string official_folder() { return folder() + "/official"; }

// photos/NAME: 256x256 JPEGs derived from mate-backgrounds (tests/fixtures/photos/README.md).
inline std::string photo(const std::string& name) { return existing(folder() + "/photos/" + name); }

// NAME at the folder's top: a single file (tests/fixtures/README.md).
inline std::string file(const std::string& name) { return existing(folder() + "/" + name); }

// models/NAME: model files written by earlier versions (tests/fixtures/models/README.md).
inline std::string model(const std::string& name) { return existing(folder() + "/models/" + name); }

}  // namespace cyclegan_fixtures
