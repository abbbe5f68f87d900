// Choosing the generator: our model file by direction or output domain, official .pth files,
// and the errors for everything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/generator_loading.h"
#include "core/model_file.h"
#include "tests/fixture_files.h"
#include "tests/translate/translate_test_support.h"

namespace cyclegan {
namespace {

// horse <-> zebra, G and F told apart by their first weight.
std::string write_model(const std::string& dir, bool with_f = true) {
  ModelFile m;
  m.domain_a = "horse";
  m.domain_b = "Zebra";
  m.g = make_network(NetworkSpec::resnet(4, 1));
  if (with_f) m.f = make_network(NetworkSpec::resnet(4, 2));
  const std::string path = dir + "/h2z.cgan";
  save_model_file(m, path);
  return path;
}

template <class E>
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no exception of the expected type";
  return "";
}

TEST(GeneratorLoading, ByDirectionAndByDomain) {
  test::TempDir tmp;
  const std::string path = write_model(tmp.path);
  EXPECT_EQ(load_generator(path, Direction::AtoB, "").net->spec().depth, 1);
  EXPECT_EQ(load_generator(path, Direction::BtoA, "").net->spec().depth, 2);
  // --to names the output domain, case-insensitively, and wins over the direction.
  EXPECT_EQ(load_generator(path, Direction::BtoA, "zebra").net->spec().depth, 1);
  EXPECT_EQ(load_generator(path, Direction::AtoB, "HORSE").net->spec().depth, 2);
  EXPECT_EQ(load_generator(path, Direction::AtoB, "").description.rfind("horse -> Zebra", 0), 0u);
}

TEST(GeneratorLoading, UnknownDomainListsTheDomains) {
  test::TempDir tmp;
  const std::string path = write_model(tmp.path);
  const std::string msg =
      message_of<InputError>([&] { load_generator(path, Direction::AtoB, "cat"); });
  EXPECT_NE(msg.find("horse"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Zebra"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cat"), std::string::npos) << msg;
}

TEST(GeneratorLoading, MissingDirection) {
  test::TempDir tmp;
  const std::string path = write_model(tmp.path, /*with_f=*/false);
  const std::string msg =
      message_of<CheckpointError>([&] { load_generator(path, Direction::BtoA, ""); });
  EXPECT_NE(msg.find("Zebra -> horse"), std::string::npos) << msg;
}

TEST(GeneratorLoading, OfficialGeneratorPth) {
  const std::string pth = cyclegan_fixtures::official("resnet6_ngf8.pth");
  const ChosenGenerator g = load_generator(pth, Direction::BtoA, "");
  EXPECT_EQ(g.net->spec().depth, 6);
  EXPECT_EQ(g.net->spec().width, 8);
  EXPECT_THROW(load_generator(pth, Direction::AtoB, "zebra"), InputError);
  // An official discriminator is not something to translate with.
  EXPECT_THROW(load_generator(cyclegan_fixtures::official("nlayer3_ndf8.pth"),
                              Direction::AtoB, ""),
               CheckpointError);
}

TEST(GeneratorLoading, NotAModel) {
  test::TempDir tmp;
  const std::string text = tmp.path + "/notes.cgan";
  std::ofstream(text) << "not a model at all\n";
  const std::string msg =
      message_of<CheckpointError>([&] { load_generator(text, Direction::AtoB, ""); });
  EXPECT_NE(msg.find(text), std::string::npos) << msg;
  EXPECT_THROW(load_generator(tmp.path + "/missing.cgan", Direction::AtoB, ""), CheckpointError);
  // An image is not a model either.
  const std::string image = cyclegan_fixtures::photo("dune.jpg");
  ASSERT_TRUE(std::filesystem::exists(image)) << image;
  EXPECT_THROW(load_generator(image, Direction::AtoB, ""), CheckpointError);
}

// The public handle: opened once, it runs either direction as often as asked, exactly as the
// one-call form does, and no longer needs the file.
TEST(ModelHandle, OpensOnceAndTranslatesEitherDirectionLikeTheOneCallForm) {
  test::TempDir tmp;
  const std::string path = write_model(tmp.path);
  PixelBuffer photo;
  photo.width = 40, photo.height = 24, photo.channels = 3;
  for (int i = 0; i < photo.width * photo.height * 3; ++i) photo.data.push_back(static_cast<float>(i % 97) / 96.0f);

  const Model model = Model::open(path);
  EXPECT_EQ(model.path(), path);
  EXPECT_EQ(model.info().path, path);  // what read_model_info says, without reading the file again
  EXPECT_EQ(model.info().domain_a, "horse");
  EXPECT_EQ(model.info().domain_b, "Zebra");
  EXPECT_TRUE(model.info().has_a_to_b && model.info().has_b_to_a);
  TranslateParams to_zebra;
  to_zebra.to_domain = "zebra";
  to_zebra.threads = 1;
  TranslateParams to_horse = to_zebra;
  to_horse.to_domain.clear();
  to_horse.direction = Direction::BtoA;
  EXPECT_EQ(model.describe(to_zebra).rfind("horse -> Zebra (G, ", 0), 0u) << model.describe(to_zebra);
  EXPECT_EQ(model.describe(to_horse).rfind("Zebra -> horse (F, ", 0), 0u) << model.describe(to_horse);

  TranslateOptions one_call;
  static_cast<TranslateParams&>(one_call) = to_zebra;
  one_call.model = path;
  PixelBuffer expected = photo;
  translate(expected, one_call);

  std::filesystem::remove(path);  // the handle holds what it needs
  PixelBuffer g = photo, f = photo, again = photo;
  translate(model, g, to_zebra);
  translate(model, f, to_horse);
  translate(model, again, to_zebra);
  EXPECT_EQ(g.data, expected.data);
  EXPECT_EQ(again.data, g.data);
  EXPECT_NE(f.data, g.data);
  EXPECT_NE(g.data, photo.data);

  TranslateParams unknown;
  unknown.to_domain = "cat";
  EXPECT_NE(message_of<InputError>([&] { model.describe(unknown); }).find("\"horse\" and \"Zebra\""), std::string::npos);
  EXPECT_THROW(Model::open(path), CheckpointError);  // gone now
  EXPECT_THROW(translate(Model(), g, to_zebra), InputError);
  EXPECT_TRUE(Model().info().path.empty());
}

}  // namespace
}  // namespace cyclegan
