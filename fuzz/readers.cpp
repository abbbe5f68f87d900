// libFuzzer harness: each input is written to a file and handed to every reader a user's command
// reaches, as an image and as a model. Our errors (cyclegan::Error) are the expected outcome;
// anything else escapes, ends in std::terminate, and libFuzzer reports it with the input.
// Built with -Dfuzz=true (clang), which builds nothing else; bench/fuzz-readers runs it.
#include <torch/torch.h>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/cyclegan.h"
#include "base/errors.h"
#include "core/generator_loading.h"
#include "core/image_io.h"

namespace {

std::string input_path() {
  static const std::string path = [] {
    char name[] = "/tmp/cyclegan-fuzz-XXXXXX";
    const int fd = mkstemp(name);
    if (fd >= 0) close(fd);
    return std::string(name);
  }();
  return path;
}

template <typename Read>
void expect_our_errors_only(Read read) {
  try {
    read();
  } catch (const cyclegan::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("CYCLEGAN_MAX_MEGAPIXELS", "16", 1);  // before the first read: it is read once
  torch::set_num_threads(1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = input_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  expect_our_errors_only([&] { cyclegan::load_image(path); });
  expect_our_errors_only([&] { cyclegan::read_model_info(path); });
  expect_our_errors_only([&] { cyclegan::load_generator(path, cyclegan::Direction::AtoB, ""); });
  return 0;
}
