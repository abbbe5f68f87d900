// Random mutations of real checkpoints (fixed seed, bounded in time): the importer may accept
// a mutated file (a flipped weight is still a network) or throw CheckpointError, nothing else.
// Run this under -Db_sanitize=address,undefined to catch memory errors too.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "base/errors.h"
#include "fixtures.h"
#include "models/official_checkpoint.h"

namespace cyclegan {
namespace {

using namespace testing_fixtures;

// Budget: this many mutated files, or this many seconds, whichever comes first.
constexpr int kMutations = 3000;
constexpr double kSeconds = 20.0;
// Where the pickles of the legacy seed file sit (header, keys, shapes, storage key list).
constexpr size_t kLegacyPickleBytes = 1800;

std::string mutate(std::string bytes, std::mt19937& rng, size_t hot_prefix) {
  auto pick = [&](size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  // Most mutations land where structure is (the pickles), the rest anywhere.
  auto position = [&]() {
    return (hot_prefix && rng() % 4 != 0) ? pick(std::min(hot_prefix, bytes.size())) : pick(bytes.size());
  };
  const int count = 1 + static_cast<int>(rng() % 3);
  for (int m = 0; m < count && !bytes.empty(); ++m) {
    switch (rng() % 6) {
      case 0: bytes[position()] ^= static_cast<char>(1 << (rng() % 8)); break;
      case 1: {
        static const uint8_t kInteresting[] = {0x00, 0xff, 0x7f, 0x80, 0x2e, 0x28, 0x71, 0x52};
        bytes[position()] = static_cast<char>(rng() % 2 ? kInteresting[rng() % 8] : rng() % 256);
        break;
      }
      case 2: bytes.resize(pick(bytes.size())); break;
      case 3: {
        const size_t at = position();
        bytes.erase(at, 1 + pick(16));
        break;
      }
      case 4: {
        const size_t at = position();
        std::string junk(1 + pick(16), '\0');
        for (char& c : junk) c = static_cast<char>(rng() % 256);
        bytes.insert(at, junk);
        break;
      }
      case 5: {  // a random 32-bit value over a length, size or memo index
        const size_t at = position();
        const uint32_t v = static_cast<uint32_t>(rng());
        for (size_t k = 0; k < 4 && at + k < bytes.size(); ++k) bytes[at + k] = static_cast<char>(v >> (8 * k));
        break;
      }
    }
  }
  return bytes;
}

TEST(CheckpointFuzz, MutatedFilesOnlyEverGiveCheckpointError) {
  const std::string seeds[] = {read_bytes(official("pixel_ndf8.pth")),
                               read_bytes(official("resnet2_ngf8_legacy.pth"))};
  ASSERT_FALSE(seeds[0].empty());
  ASSERT_FALSE(seeds[1].empty());
  const std::string path = ::testing::TempDir() + "/cg_models_fuzz.pth";
  std::mt19937 rng(20240611);
  const auto start = std::chrono::steady_clock::now();
  int accepted = 0, refused = 0, done = 0;
  for (; done < kMutations; ++done) {
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > kSeconds) break;
    const bool legacy = rng() % 2;
    write_bytes(path, mutate(seeds[legacy], rng, legacy ? kLegacyPickleBytes : 0));
    try {
      auto net = load_official_network(path);
      ++accepted;
    } catch (const CheckpointError&) {
      ++refused;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "mutation " << done << " threw something else: " << e.what();
    }
  }
  std::printf("fuzz: %d mutated files, %d refused with CheckpointError, %d accepted\n", done,
              refused, accepted);
  EXPECT_GT(done, 200);
  EXPECT_GT(refused, done / 2);
}

}  // namespace
}  // namespace cyclegan
