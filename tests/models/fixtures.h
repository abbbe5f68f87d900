// The official fixtures (tests/fixtures/official, see its manifest.json and README.md), for the
// checkpoint tests: every entry of the manifest with the architecture it declares.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fixture_files.h"

namespace cyclegan::testing_fixtures {

using cyclegan_fixtures::official;  // official("NAME"): the path of one fixture file
inline std::string official_dir() { return cyclegan_fixtures::official_folder(); }

struct Fixture {
  std::string name, checkpoint, io, net, norm = "instance";
  int width = 0, depth = 0;
  bool dropout = false;
};

// A small scan of manifest.json: its entries are flat objects with one nested "arch" object,
// so each field can be found inside the text of its entry.
inline std::vector<Fixture> official_fixtures() {
  std::ifstream in(official("manifest.json"));
  std::stringstream text;
  text << in.rdbuf();
  const std::string json = text.str();
  std::vector<Fixture> fixtures;
  const std::string marker = "\"name\":";
  for (size_t at = json.find(marker); at != std::string::npos;) {
    const size_t next = json.find(marker, at + 1);
    const std::string entry = json.substr(at, next == std::string::npos ? std::string::npos : next - at);
    auto field = [&](const std::string& key) {
      std::smatch m;
      const std::regex re("\"" + key + "\":\\s*\"?([^\",\\n]*)\"?");
      return std::regex_search(entry, m, re) ? m[1].str() : std::string();
    };
    Fixture f;
    f.name = field("name");
    f.checkpoint = field("checkpoint");
    f.io = field("io");
    f.net = field("net");
    if (!field("norm").empty()) f.norm = field("norm");
    f.dropout = field("dropout") == "true";
    for (const char* w : {"ngf", "ndf"}) {
      if (!field(w).empty()) f.width = std::stoi(field(w));
    }
    for (const char* d : {"n_blocks", "num_downs", "n_layers"}) {
      if (!field(d).empty()) f.depth = std::stoi(field(d));
    }
    fixtures.push_back(f);
    at = next;
  }
  return fixtures;
}

// The whole file; empty when it cannot be opened (callers ASSERT on what they index).
inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace cyclegan::testing_fixtures
