// Hostile files against every reader: truncations, byte flips and crafted headers of images
// (PNG, JPEG, TIFF, WebP) and of model files (.cgan, official zip and legacy .pth), and special
// files. Each case must end in a clean load or in one of our errors (cyclegan::Error, one
// sentence), within a time limit and under a memory limit. Anything else fails: another exception
// (bad_alloc, a LibTorch check), a signal, a hang, or memory past the limit.
//
// Cases run in this process, one after another: the time limit is an alarm per case and the
// memory limit an address-space limit on the process, and a crash or an alarm names the case on
// stderr before the process dies. Readers are limited to 16 megapixels here
// (CYCLEGAN_MAX_MEGAPIXELS), so the memory a case may use is small and fixed.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gegl.h>

#include "base/errors.h"
#include "core/generator_loading.h"
#include "core/image_io.h"
#include "core/model_file.h"
#include "models/networks.h"

namespace cyclegan {
namespace {

namespace fs = std::filesystem;

// Before main: max_image_pixels() reads it once.
const bool kLimitSet = setenv("CYCLEGAN_MAX_MEGAPIXELS", "16", 1) == 0;

constexpr unsigned kSecondsPerCase = 20;
constexpr uint64_t kMemoryAboveStart = uint64_t(1) << 30;  // 1 GiB over what the process had

char g_case[512] = "";  // the case running, for the fatal-signal handler

void name_case_and_die(int sig) {
  static const char kPrefix[] = "\nhostile input case that crashed or hung: ";
  ssize_t ignored = write(STDERR_FILENO, kPrefix, sizeof kPrefix - 1);
  ignored = write(STDERR_FILENO, g_case, strnlen(g_case, sizeof g_case));
  ignored = write(STDERR_FILENO, "\n", 1);
  (void)ignored;
  signal(sig, SIG_DFL);
  raise(sig);
}

uint64_t address_space_now() {
  std::ifstream status("/proc/self/status");
  std::string key;
  uint64_t kb = 0;
  while (status >> key) {
    if (key == "VmSize:") {
      status >> kb;
      return kb * 1024;
    }
    status.ignore(1 << 16, '\n');
  }
  return 0;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

PixelBuffer gradient(int width, int height, int channels) {
  PixelBuffer p;
  p.width = width;
  p.height = height;
  p.channels = channels;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < channels; ++c) p.data.push_back(float((x * 7 + y * 3 + c * 50) % 256) / 255.0f);
  return p;
}

// CYCLEGAN_HOSTILE_SCALE=K multiplies the byte-flip cases (default 1, a few seconds in CI;
// bench/RESULTS.md reports longer runs).
int scale() {
  const char* text = std::getenv("CYCLEGAN_HOSTILE_SCALE");
  const int k = text ? std::atoi(text) : 1;
  return k > 0 ? k : 1;
}

// A file to damage: its name in messages, its bytes, how many byte-flip cases it gets.
struct Seed {
  std::string name;
  std::string bytes;
  int flips;
};

// Damaged copies of `seed`, made one at a time (a long run holds only one): cut at evenly
// spaced points (and inside the first bytes, where the headers are), and with 1-8 random bytes
// changed, half of them in the first 512 bytes.
void for_each_damaged(const Seed& seed, uint64_t rng_seed,
                      const std::function<void(const std::string&, const std::string&)>& visit) {
  const std::string& b = seed.bytes;
  for (size_t cut : {size_t(0), size_t(1), size_t(4), size_t(8), size_t(12), size_t(16), size_t(24), size_t(33),
                     size_t(64), size_t(100), size_t(200)})
    if (cut < b.size()) visit(seed.name + " cut at " + std::to_string(cut), b.substr(0, cut));
  for (int k = 1; k <= 30; ++k) {
    const size_t cut = b.size() * k / 31;
    visit(seed.name + " cut at " + std::to_string(cut), b.substr(0, cut));
  }
  std::mt19937_64 rng(rng_seed);
  for (int i = 0; i < seed.flips * scale(); ++i) {
    std::string bytes = b;
    const int n = 1 + int(rng() % 8);
    const size_t span = (i % 2 == 0) ? std::min<size_t>(512, bytes.size()) : bytes.size();
    for (int k = 0; k < n; ++k) bytes[rng() % span] = char(rng() % 256);
    visit(seed.name + " flips #" + std::to_string(i), bytes);
  }
}

class HostileInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(kLimitSet);
    torch::set_num_threads(1);  // no thread pools (and their address space) mid-suite
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM}) signal(sig, name_case_and_die);
  }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cyclegan_hostile_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    alarm(0);
    fs::remove_all(dir_);
  }

  // Runs `read` on every damaged copy of every seed under the time limit; returns how many
  // ran. A case fails when `read` throws anything but a cyclegan::Error.
  int run_cases(const std::vector<Seed>& seeds, const std::string& file_name,
                const std::function<void(const std::string&)>& read) {
    const fs::path path = dir_ / file_name;
    std::vector<std::string> failures;
    int ran = 0;
    uint64_t rng_seed = 1;
    for (const Seed& seed : seeds) {
      for_each_damaged(seed, rng_seed++, [&](const std::string& name, const std::string& bytes) {
        write_bytes(path, bytes);
        std::snprintf(g_case, sizeof g_case, "%s", name.c_str());
        alarm(kSecondsPerCase);
        try {
          read(path.string());
        } catch (const Error&) {
          // one of ours: the sentence a user would get
        } catch (const std::exception& e) {
          failures.push_back(name + ": " + std::string(e.what()).substr(0, 200));
        } catch (...) {
          failures.push_back(name + ": an exception of unknown type");
        }
        alarm(0);
        ++ran;
      });
    }
    g_case[0] = '\0';
    for (size_t i = 0; i < failures.size() && i < 10; ++i) ADD_FAILURE() << failures[i];
    EXPECT_TRUE(failures.empty()) << failures.size() << " of " << ran << " cases failed";
    return ran;
  }

  // The address-space limit for the rest of the process (set once: it can only go down).
  static void limit_memory() {
    static const bool done = [] {
      const rlim_t limit = address_space_now() + kMemoryAboveStart;
      const rlimit r{limit, limit};
      return setrlimit(RLIMIT_AS, &r) == 0;
    }();
    ASSERT_TRUE(done);
  }

  fs::path dir_;
};

std::string fixture(const std::string& relative) {
  const char* root = std::getenv("CYCLEGAN_FIXTURES");
  return root ? std::string(root) + "/" + relative : "";
}

void read_image(const std::string& path) { load_image(path); }

TEST_F(HostileInputs, DamagedImagesGiveOneSentence) {
  if (!std::getenv("CYCLEGAN_FIXTURES")) GTEST_SKIP() << "CYCLEGAN_FIXTURES is not set (run through meson test)";
  // Seeds in every format and depth the readers take, written by our writer, plus a real photo.
  struct Written {
    std::string name;
    PixelBuffer image;
    int bits;
  };
  const std::vector<Written> written = {{"rgb8.png", gradient(23, 17, 3), 8},   {"ya16.png", gradient(19, 21, 2), 16},
                                        {"rgba8.png", gradient(16, 16, 4), 8},  {"rgb.jpg", gradient(24, 16, 3), 8},
                                        {"gray.jpg", gradient(16, 24, 1), 8},   {"rgb8.tif", gradient(17, 13, 3), 8},
                                        {"rgb16.tif", gradient(13, 17, 3), 16}, {"float.tif", gradient(11, 9, 4), 32}};
  std::vector<Seed> seeds;
  for (const auto& w : written) {
    const fs::path file = dir_ / ("seed-" + w.name);
    save_image(w.image, file.string(), w.bits);
    ASSERT_NO_THROW(load_image(file.string())) << w.name;
    seeds.push_back({w.name, read_bytes(file), 300});
  }
  seeds.push_back({"dune.jpg", read_bytes(fixture("photos/dune.jpg")), 300});
  // WebP: no writer in our API, GEGL's own.
  gegl_init(nullptr, nullptr);
  GeglNode* graph = gegl_node_new();
  const std::string png = (dir_ / "seed-rgb8.png").string(), webp = (dir_ / "seed.webp").string();
  GeglNode* load = gegl_node_new_child(graph, "operation", "gegl:png-load", "path", png.c_str(), nullptr);
  GeglNode* save = gegl_node_new_child(graph, "operation", "gegl:webp-save", "path", webp.c_str(), nullptr);
  gegl_node_link(load, save);
  gegl_node_process(save);
  g_object_unref(graph);
  ASSERT_NO_THROW(load_image(webp));
  seeds.push_back({"seed.webp", read_bytes(webp), 300});
  limit_memory();
  const int ran = run_cases(seeds, "case.img", read_image);
  EXPECT_GE(ran, 3300);
}

// A few bytes that claim a huge image: refused by size before a decoder allocates for it.
TEST_F(HostileInputs, FakedDimensionsAreRefusedBeforeDecoding) {
  limit_memory();
  auto be32 = [](uint32_t v) {
    return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  };
  std::vector<std::pair<std::string, std::string>> headers;
  headers.push_back({"png 60000x60000", std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(60000) +
                                            be32(60000) + std::string("\x08\x02\0\0\0", 5) + be32(0) +
                                            std::string(2000, '\0')});
  std::string jpeg("\xFF\xD8\xFF\xC0\x00\x11\x08\xEA\x60\xEA\x60\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 21);
  jpeg += std::string("\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10) + std::string(3000, '\x55') + "\xFF\xD9";
  headers.push_back({"jpeg 60000x60000", jpeg});
  // Little-endian TIFF, one IFD of two LONG tags: ImageWidth and ImageLength 60000.
  std::string tiff("II*\0\x08\0\0\0\x02\0", 10);
  tiff += std::string("\x00\x01\x04\x00\x01\x00\x00\x00\x60\xEA\x00\x00", 12);
  tiff += std::string("\x01\x01\x04\x00\x01\x00\x00\x00\x60\xEA\x00\x00", 12);
  tiff += std::string(4 + 2000, '\0');
  headers.push_back({"tiff 60000x60000", tiff});
  // WebP, extended header (VP8X): canvas 16000 x 16000.
  std::string webp = "RIFF" + std::string("\xF0\x0F\0\0", 4) + "WEBPVP8X" + std::string("\x0A\0\0\0\0\0\0\0", 8);
  webp += std::string("\x7F\x3E\x00\x7F\x3E\x00", 6) + std::string(4000, '\0');
  headers.push_back({"webp 16000x16000", webp});
  for (const auto& [name, bytes] : headers) {
    const fs::path path = dir_ / "faked.img";
    write_bytes(path, bytes);
    try {
      load_image(path.string());
      ADD_FAILURE() << name << " was decoded";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find("megapixels) is more than the limit of 16 megapixels"), std::string::npos) << name << ": " << m;
      EXPECT_NE(m.find("CYCLEGAN_MAX_MEGAPIXELS"), std::string::npos) << m;
    }
  }
}

TEST_F(HostileInputs, SpecialFilesAreRefusedWithoutWaiting) {
  const fs::path fifo = dir_ / "pipe.png";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::snprintf(g_case, sizeof g_case, "a FIFO as an image");
  alarm(kSecondsPerCase);
  try {
    load_image(fifo.string());
    ADD_FAILURE() << "a FIFO was read as an image";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("named pipe (FIFO), not a file"), std::string::npos) << e.what();
  }
  std::snprintf(g_case, sizeof g_case, "a FIFO as a model");
  try {
    load_generator(fifo.string(), Direction::AtoB, "");
    ADD_FAILURE() << "a FIFO was read as a model";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("named pipe (FIFO), not a file"), std::string::npos) << e.what();
  }
  std::snprintf(g_case, sizeof g_case, "a device as an image");
  try {
    load_image("/dev/zero");
    ADD_FAILURE() << "/dev/zero was read as an image";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a device, not a file"), std::string::npos) << e.what();
  }
  alarm(0);
}

TEST_F(HostileInputs, DamagedModelFilesGiveOneSentence) {
  if (!std::getenv("CYCLEGAN_FIXTURES")) GTEST_SKIP() << "CYCLEGAN_FIXTURES is not set (run through meson test)";
  // A small model of ours with all four networks and a training state.
  torch::manual_seed(5);
  ModelFile m;
  m.g = make_network(NetworkSpec::resnet(4, 1));
  m.f = make_network(NetworkSpec::resnet(4, 1));
  m.d_a = make_network(NetworkSpec::nlayer(4, 1));
  m.d_b = make_network(NetworkSpec::nlayer(4, 1));
  m.training_state = std::string(3000, 's');
  m.has_training_state = true;
  std::vector<Seed> seeds = {{"model.cgan", model_file_bytes(m), 600}};
  // Official files through the same entry points a user's command takes (the importer alone
  // has its own, longer fuzzing in tests/models/test_checkpoint_fuzz.cpp).
  for (const char* official : {"official/resnet2_ngf8_zip.pth", "official/resnet2_ngf8_legacy.pth"}) {
    seeds.push_back({official, read_bytes(fixture(official)), 300});
    ASSERT_FALSE(seeds.back().bytes.empty()) << official;
  }
  limit_memory();
  const int ran = run_cases(seeds, "case.model", [](const std::string& path) {
    try {
      read_model_info(path);
    } catch (const Error&) {
    }
    try {
      load_generator(path, Direction::AtoB, "");
    } catch (const Error&) {
    }
    if (is_model_file(path)) load_model_file(path, /*with_training_state=*/true);
  });
  EXPECT_GE(ran, 1300);
}

}  // namespace
}  // namespace cyclegan
