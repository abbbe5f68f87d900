// The official architectures: shapes, the golden key list of networks.py, official init.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "models/networks.h"
#include "tests/fixture_files.h"

namespace cyclegan {
namespace {

// "name [a, b]" for every parameter and buffer, in registration order (= state_dict order).
std::vector<std::string> key_list(torch::nn::Module& net) {
  std::vector<std::string> keys;
  auto add = [&](const std::string& name, const torch::Tensor& t) {
    std::ostringstream line;
    line << name << " [";
    for (int64_t d = 0; d < t.dim(); ++d) line << (d ? ", " : "") << t.size(d);
    line << "]";
    keys.push_back(line.str());
  };
  for (const auto& p : net.named_parameters()) add(p.key(), p.value());
  for (const auto& b : net.named_buffers()) add(b.key(), b.value());
  return keys;
}

// The sections of resnet9_keys.txt, each a list of lines, split at its '#' header lines.
std::vector<std::vector<std::string>> golden_sections() {
  std::ifstream in(cyclegan_fixtures::official("resnet9_keys.txt"));
  std::vector<std::vector<std::string>> sections;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      sections.emplace_back();
    } else if (!sections.empty()) {
      sections.back().push_back(line);
    }
  }
  return sections;
}

TEST(Networks, GoldenKeysResnet9AndPatchGan) {
  auto sections = golden_sections();
  ASSERT_EQ(sections.size(), 2u);
  auto generator = make_network(NetworkSpec::resnet(64, 9));
  auto discriminator = make_network(NetworkSpec::nlayer(64, 3));
  EXPECT_EQ(key_list(*generator), sections[0]);
  EXPECT_EQ(key_list(*discriminator), sections[1]);
}

TEST(Networks, OutputShapes) {
  torch::NoGradGuard no_grad;
  const auto x64 = torch::rand({2, 3, 64, 64}) * 2 - 1;
  EXPECT_EQ(make_network(NetworkSpec::resnet(4, 2))->forward(x64).sizes(),
            torch::IntArrayRef({2, 3, 64, 64}));
  // Sizes that are not multiples of 4 come back the size of the input... minus what the two
  // stride-2 convs round away, as in the official code.
  EXPECT_EQ(make_network(NetworkSpec::resnet(4, 1))->forward(torch::zeros({1, 3, 36, 44})).sizes(),
            torch::IntArrayRef({1, 3, 36, 44}));
  EXPECT_EQ(make_network(NetworkSpec::unet(4, 6))->forward(x64).sizes(),
            torch::IntArrayRef({2, 3, 64, 64}));
  EXPECT_EQ(make_network(NetworkSpec::nlayer(4, 3))->forward(x64).sizes(),
            torch::IntArrayRef({2, 1, 6, 6}));
  EXPECT_EQ(make_network(NetworkSpec::nlayer(4, 1))->forward(x64).sizes(),
            torch::IntArrayRef({2, 1, 30, 30}));
  EXPECT_EQ(make_network(NetworkSpec::pixel(4))->forward(x64).sizes(),
            torch::IntArrayRef({2, 1, 64, 64}));
  auto gray = NetworkSpec::resnet(4, 1);
  gray.in_channels = 1;
  gray.out_channels = 2;
  EXPECT_EQ(make_network(gray)->forward(torch::zeros({1, 1, 32, 32})).sizes(),
            torch::IntArrayRef({1, 2, 32, 32}));
}

TEST(Networks, UnetRejectsSizesItCannotHalve) {
  auto net = make_network(NetworkSpec::unet(4, 7));
  EXPECT_THROW(net->forward(torch::zeros({1, 3, 64, 64})), InputError);
  EXPECT_THROW(make_network(NetworkSpec::unet(4, 4)), InputError);
  EXPECT_THROW(make_network(NetworkSpec::resnet(0, 9)), InputError);
}

// Key counts of the layouts that change with the options (dropout shifts, batch norm adds
// buffers, norm 'none' drops the conv biases), as in the official fixtures' manifest.
TEST(Networks, KeyLayoutVariants) {
  auto dropout = NetworkSpec::resnet(8, 2);
  dropout.dropout = true;
  auto keys = key_list(*make_network(dropout));
  EXPECT_EQ(keys.size(), 20u);
  EXPECT_EQ(keys[6], "model.10.conv_block.1.weight [32, 32, 3, 3]");
  EXPECT_EQ(keys[8], "model.10.conv_block.6.weight [32, 32, 3, 3]");
  auto batch = NetworkSpec::resnet(8, 2);
  batch.norm = NormKind::Batch;
  EXPECT_EQ(key_list(*make_network(batch)).size(), 56u);
  auto none = NetworkSpec::resnet(8, 2);
  none.norm = NormKind::None;
  EXPECT_EQ(key_list(*make_network(none)).size(), 11u);  // 10 bias-free convs + the last bias
  EXPECT_EQ(key_list(*make_network(NetworkSpec::unet(4, 7))).size(), 28u);
  auto unet_keys = key_list(*make_network(NetworkSpec::unet(4, 8)));
  EXPECT_EQ(unet_keys.size(), 32u);
  EXPECT_EQ(unet_keys[0], "model.model.0.weight [4, 3, 4, 4]");
  EXPECT_EQ(unet_keys[2], "model.model.1.model.1.weight [8, 4, 4, 4]");
  EXPECT_EQ(unet_keys.back(), "model.model.3.bias [3]");
  EXPECT_EQ(key_list(*make_network(NetworkSpec::pixel(8))).size(), 6u);
}

TEST(Networks, OfficialNormalInit) {
  torch::manual_seed(7);
  auto batch = NetworkSpec::resnet(16, 3);
  batch.norm = NormKind::Batch;
  auto net = make_network(batch);
  std::vector<torch::Tensor> conv_weights;
  for (const auto& p : net->named_parameters()) {
    const auto& t = p.value();
    const bool is_bn = t.dim() == 1;  // conv weights are 4-d, BatchNorm weights 1-d
    if (p.key().find(".bias") != std::string::npos) {
      EXPECT_EQ(t.abs().max().item<float>(), 0.0f) << p.key();
    } else if (is_bn) {
      EXPECT_NEAR(t.mean().item<double>(), 1.0, 0.02) << p.key();
    } else {
      conv_weights.push_back(t.flatten());
    }
  }
  const auto all = torch::cat(conv_weights);
  EXPECT_GT(all.numel(), 10000);
  EXPECT_NEAR(all.mean().item<double>(), 0.0, 1e-3);
  EXPECT_NEAR(all.std().item<double>(), 0.02, 5e-4);
}

TEST(Networks, InputSkipStartsNearIdentity) {
  torch::manual_seed(3);
  torch::NoGradGuard no_grad;
  const auto x = torch::rand({1, 3, 32, 32}) * 1.6 - 0.8;
  for (auto spec : {NetworkSpec::resnet(8, 2), NetworkSpec::unet(8, 5)}) {
    auto plain = make_network(spec);
    spec.input_skip = true;
    auto skip = make_network(spec);
    const double skip_err = (skip->forward(x) - x).abs().max().item<double>();
    const double plain_err = (plain->forward(x) - x).abs().mean().item<double>();
    EXPECT_LT(skip_err, 1e-5) << spec.describe();  // the identity, not just close to it
    EXPECT_GT(plain_err, 0.1) << spec.describe();
    EXPECT_EQ(key_list(*plain), key_list(*skip));
  }
}

// The zeroed output layer must still learn: its weight gradient is not zero, so the first step
// moves the generator away from the identity.
TEST(Networks, InputSkipOutputLayerGetsGradients) {
  torch::manual_seed(4);
  for (auto spec : {NetworkSpec::resnet(8, 2), NetworkSpec::unet(8, 5)}) {
    spec.input_skip = true;
    auto net = make_network(spec);
    const auto x = torch::rand({1, 3, 32, 32}) * 1.6 - 0.8;
    (net->forward(x) - x.flip(3)).abs().mean().backward();
    double zero_params = 0, zero_param_grad_norm = 0;
    for (const auto& p : net->parameters()) {
      if (p.abs().max().item<double>() == 0 && p.dim() == 4) {
        ++zero_params;
        zero_param_grad_norm += p.grad().norm().item<double>();
      }
    }
    EXPECT_EQ(zero_params, 1) << spec.describe();  // exactly the output layer's weight
    EXPECT_GT(zero_param_grad_norm, 0) << spec.describe();
  }
}

TEST(Networks, BatchNormUsesRunningStatsInEval) {
  auto spec = NetworkSpec::nlayer(4, 2);
  spec.norm = NormKind::Batch;
  auto net = make_network(spec);
  const auto x = torch::randn({2, 3, 32, 32});
  net->train();
  net->forward(x);  // updates running stats
  net->eval();
  torch::NoGradGuard no_grad;
  const auto one = net->forward(x.slice(0, 0, 1));
  const auto both = net->forward(x);
  // In eval mode a sample's output does not depend on the rest of the batch.
  EXPECT_TRUE(torch::allclose(one, both.slice(0, 0, 1), 1e-5, 1e-6));
}

}  // namespace
}  // namespace cyclegan
