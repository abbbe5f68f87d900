// plugin/common/: the GIMP-independent half of the plug-in (shared by the GIMP 2.10 and 3 front
// ends): selection context, model lookup, value checks, training sources and the summary line.
#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/errors.h"
#include "plugin/common/context_region.h"
#include "plugin/common/failure.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/train_source.h"
#include "plugin/common/train_values.h"
#include "plugin/common/translate_values.h"

namespace cyclegan::plugin {
namespace {

TEST(ContextRegion, GrowsByTheMarginAndClipsToTheLayer) {
  EXPECT_EQ(with_context({100, 100, 50, 40}, 1000, 1000, 64), (Rect{36, 36, 178, 168}));
  EXPECT_EQ(with_context({10, 5, 20, 20}, 40, 30, 64), (Rect{0, 0, 40, 30}));
  EXPECT_EQ(with_context({0, 0, 40, 30}, 40, 30, 64), (Rect{0, 0, 40, 30}));  // whole layer
}

TEST(ContextRegion, CropTakesTheInnerPixels) {
  PixelBuffer image;
  image.width = 4;
  image.height = 3;
  image.channels = 2;
  for (int i = 0; i < 4 * 3 * 2; ++i) image.data.push_back(static_cast<float>(i));
  const PixelBuffer inner = crop(image, {10, 20, 4, 3}, {11, 21, 2, 2});
  ASSERT_EQ(inner.width, 2);
  ASSERT_EQ(inner.height, 2);
  // Row 1, columns 1-2 of the outer buffer, then row 2.
  EXPECT_EQ(inner.data, (std::vector<float>{10, 11, 12, 13, 18, 19, 20, 21}));
  EXPECT_THROW(crop(image, {10, 20, 4, 3}, {9, 20, 2, 2}), std::logic_error);
}

class ModelsFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    gchar* dir = g_dir_make_tmp("plugin-common-XXXXXX", nullptr);
    base_ = dir;
    g_free(dir);
    folder_ = models_folder(base_);
  }
  void TearDown() override {
    g_remove((folder_ + "/horse2zebra.cgan").c_str());
    g_rmdir(folder_.c_str());
    g_rmdir(base_.c_str());
  }
  std::string base_, folder_;
};

TEST_F(ModelsFolder, ResolvesInstalledNamesAndPaths) {
  EXPECT_EQ(folder_, base_ + "/cyclegan-models");
  ensure_models_folder(folder_);
  ensure_models_folder(folder_);  // twice is fine
  const std::string model = folder_ + "/horse2zebra.cgan";
  std::ofstream(model) << "x";
  EXPECT_EQ(resolve_model("horse2zebra", folder_), model);
  EXPECT_EQ(resolve_model("horse2zebra.cgan", folder_), model);
  EXPECT_EQ(resolve_model(model, folder_), model);
  EXPECT_THROW(resolve_model("", folder_), InputError);
  try {
    resolve_model("zebra2horse", folder_);
    FAIL() << "a missing name resolved";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("zebra2horse"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(folder_), std::string::npos) << e.what();
  }
  // A path is never looked up in the models folder.
  EXPECT_THROW(resolve_model("/elsewhere/horse2zebra.cgan", folder_), InputError);
}

TEST(TranslateValues, ChecksEveryField) {
  TranslateValues v;
  EXPECT_NE(validate(v), "");  // no model
  v.set_model("m");
  EXPECT_EQ(validate(v), "");
  v.direction = 2;
  EXPECT_NE(validate(v).find("direction"), std::string::npos);
  v.direction = 1;
  v.tile_size = 32;
  EXPECT_NE(validate(v).find("tile size"), std::string::npos);
  v.tile_size = 512;
  EXPECT_EQ(validate(v), "");
  const TranslateOptions o = to_translate_options(v, "/m.cgan");
  EXPECT_EQ(o.model, "/m.cgan");
  EXPECT_EQ(o.direction, Direction::BtoA);
  EXPECT_EQ(o.tile_size, 512);
}

TEST(TrainSource, ParsesPrefixesAndSuggestsDomainNames) {
  EXPECT_EQ(parse_train_source("group:horse").kind, SourceKind::LayerGroup);
  EXPECT_EQ(parse_train_source("group:horse").name, "horse");
  EXPECT_EQ(parse_train_source("image:zebras.xcf").kind, SourceKind::OpenImage);
  EXPECT_EQ(parse_train_source("folder:/data/trainA").kind, SourceKind::Folder);
  EXPECT_EQ(parse_train_source("horse").kind, SourceKind::Automatic);
  EXPECT_THROW(parse_train_source("group:"), InputError);
  EXPECT_THROW(parse_train_source(""), InputError);
  for (const char* text : {"group:a b", "image:x.png", "folder:/d", "plain"})
    EXPECT_EQ(format_train_source(parse_train_source(text)), text);
  EXPECT_EQ(default_domain_name({SourceKind::LayerGroup, "my horses"}), "my horses");
  EXPECT_EQ(default_domain_name({SourceKind::OpenImage, "zebras.xcf"}), "zebras");
  EXPECT_EQ(default_domain_name({SourceKind::Folder, "/data/horse2zebra/trainA/"}), "trainA");
}

TEST(TrainValues, ChecksAndSummarises) {
  TrainValues v;
  TrainValues::set(v.source_a, sizeof v.source_a, "group:a");
  TrainValues::set(v.source_b, sizeof v.source_b, "group:a");
  TrainValues::set(v.model_name, sizeof v.model_name, "a2b");
  EXPECT_NE(validate(v).find("same"), std::string::npos);
  TrainValues::set(v.source_b, sizeof v.source_b, "group:b");
  EXPECT_EQ(validate(v), "");
  TrainValues::set(v.model_name, sizeof v.model_name, "x/y");
  EXPECT_NE(validate(v), "");
  TrainValues::set(v.model_name, sizeof v.model_name, "a2b");
  v.preset = 3;
  EXPECT_NE(validate(v), "");
  v.preset = 2;
  v.minutes = 0;
  EXPECT_NE(validate(v), "");
  EXPECT_EQ(preset_name(0), "quick");
  EXPECT_EQ(model_output_path("/m", "a2b"), "/m/a2b.cgan");
  EXPECT_EQ(training_summary(1067, "horse", 1334, "zebra", 30, 0.4),
            "1067 horse, 1334 zebra images; ~0.4 s per iteration; 30 min ≈ 4500 iterations");
  EXPECT_EQ(training_summary(2, "a", 3, "b", 5, 0), "2 a, 3 b images; 5 min (the speed is measured on the first run)");
  EXPECT_EQ(training_progress_text(120, 4500, 180), "Iteration 120 of 4500, about 3 min left");
}

TEST(Failure, OneSentencePerKind) {
  EXPECT_TRUE(describe_failure(std::make_exception_ptr(Cancelled())).cancelled);
  EXPECT_EQ(describe_failure(std::make_exception_ptr(CheckpointError("Bad file."))).message, "Bad file.");
  EXPECT_NE(describe_failure(std::make_exception_ptr(std::bad_alloc())).message.find("memory"), std::string::npos);
  const Failure torch_like = describe_failure(std::make_exception_ptr(std::runtime_error("first\nframe #0")));
  EXPECT_EQ(torch_like.message.find("frame"), std::string::npos) << torch_like.message;
}

}  // namespace
}  // namespace cyclegan::plugin
