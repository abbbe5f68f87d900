// The official ImagePool's behaviour: fill, then swap with probability 1/2; passthrough at 0.
#include <gtest/gtest.h>

#include <set>

#include "core/image_pool.h"

namespace cyclegan {
namespace {

// A 1x1x1x1 image whose value identifies it.
torch::Tensor tagged(int v) { return torch::full({1, 1, 1, 1}, static_cast<float>(v)); }

TEST(ImagePool, SizeZeroReturnsInputUnchanged) {
  ImagePool pool(0, 1);
  torch::Tensor x = torch::randn({3, 3, 4, 4});
  EXPECT_TRUE(torch::equal(pool.query(x), x));
  EXPECT_EQ(pool.stored(), 0);
}

TEST(ImagePool, ReturnsEveryImageUntilFull) {
  ImagePool pool(5, 1);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(pool.query(tagged(i)).item<float>(), i);
  EXPECT_EQ(pool.stored(), 5);
}

TEST(ImagePool, WhenFullHalfTheQueriesReturnAnOlderImage) {
  const int size = 50, queries = 20000;
  ImagePool pool(size, 7);
  for (int i = 0; i < size; ++i) pool.query(tagged(i));
  int older = 0;
  std::set<int> returned_old;
  for (int i = size; i < size + queries; ++i) {
    const int got = static_cast<int>(pool.query(tagged(i)).item<float>());
    if (got != i) {
      ++older;
      EXPECT_LT(got, i);
      EXPECT_EQ(returned_old.count(got), 0u) << "a stored image is returned only once (it is replaced)";
      returned_old.insert(got);
    }
  }
  // Binomial(20000, 1/2): sd = 70.7; 5 sd bounds.
  EXPECT_NEAR(older, queries / 2, 354);
  // The first 50 images are all eventually swapped out with a uniform choice of slot.
  for (int i = 0; i < size; ++i) EXPECT_EQ(returned_old.count(i), 1u) << i;
}

TEST(ImagePool, BatchesAreHandledImageByImage) {
  ImagePool pool(2, 3);
  torch::Tensor batch = torch::cat({tagged(0), tagged(1), tagged(2)}, 0);
  torch::Tensor out = pool.query(batch);
  ASSERT_EQ(out.size(0), 3);
  EXPECT_EQ(out[0].item<float>(), 0);
  EXPECT_EQ(out[1].item<float>(), 1);
  const float third = out[2].item<float>();
  EXPECT_TRUE(third == 2 || third == 0 || third == 1);
}

TEST(ImagePool, ReturnsDetachedImages) {
  ImagePool pool(2, 3);
  torch::Tensor x = torch::randn({1, 3, 2, 2}, torch::requires_grad());
  EXPECT_FALSE(pool.query(x * 2).requires_grad());
}

TEST(ImagePool, SaveAndLoadResumeExactly) {
  ImagePool a(4, 11);
  for (int i = 0; i < 10; ++i) a.query(tagged(i));
  torch::serialize::OutputArchive out;
  a.save(out, "pool");
  std::ostringstream bytes;
  out.save_to(bytes);

  ImagePool b(4, 999);
  std::istringstream in_bytes(bytes.str());
  torch::serialize::InputArchive in;
  in.load_from(in_bytes);
  b.load(in, "pool", torch::kCPU);
  EXPECT_EQ(b.stored(), 4);
  for (int i = 10; i < 200; ++i)
    EXPECT_EQ(a.query(tagged(i)).item<float>(), b.query(tagged(i)).item<float>()) << i;
}

TEST(ImagePool, SameSeedSameChoices) {
  ImagePool a(3, 5), b(3, 5), c(3, 6);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const float va = a.query(tagged(i)).item<float>();
    EXPECT_EQ(va, b.query(tagged(i)).item<float>());
    differs |= va != c.query(tagged(i)).item<float>();
  }
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace cyclegan
