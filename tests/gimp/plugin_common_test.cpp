// plugin/common/: the GIMP-independent half of the plug-in (shared by the GIMP 2.10 and 3 front
// ends): selection context, model lookup, value checks, training sources and the summary line.
#include <glib.h>
#include <glib/gstdio.h>
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <clocale>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "base/errors.h"
#include "core/atomic_file.h"
#include "core/learning_check.h"
#include "core/pass_limit.h"
#include "plugin/common/background_priority.h"
#include "plugin/common/context_region.h"
#include "plugin/common/failure.h"
#include "plugin/common/i18n.h"
#include "plugin/common/models_folder.h"
#include "plugin/common/train_plan.h"
#include "plugin/common/train_run.h"
#include "plugin/common/train_source.h"
#include "plugin/common/train_values.h"
#include "plugin/common/translate_values.h"
#include "tests/gimp/in_japanese.h"

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
  // A path to something that is not a file is passed on: the loader refuses it with the sentence
  // the command line gives (a named pipe is "a named pipe (FIFO), not a file", never "missing").
  EXPECT_EQ(resolve_model(folder_, folder_), folder_);
}

// Two models of one pair must look different in Translate's list.
TEST(ModelListLabel, TellsModelsOfOnePairApart) {
  ModelInfo trained;
  trained.path = "/home/u/cyclegan-models/horse2zebra.cgan";
  trained.domain_a = "horse";
  trained.domain_b = "zebra";
  trained.updated = "2026-12-03T15:07:00Z";
  trained.iterations = 1600;
  trained.preset = "quick";
  EXPECT_EQ(model_list_label(trained), "horse \u2194 zebra \u2014 horse2zebra.cgan, 2026-12-03, 1600 iterations, quick");
  ModelInfo imported = trained;
  imported.path = "/home/u/cyclegan-models/h2z-official.cgan";
  imported.iterations = 0;
  imported.preset.clear();
  EXPECT_EQ(model_list_label(imported), "horse \u2194 zebra \u2014 h2z-official.cgan, 2026-12-03, imported");
  ModelInfo official;
  official.official = true;
  official.path = "/tmp/latest_net_G_A.pth";
  EXPECT_EQ(model_list_label(official), "latest_net_G_A.pth \u2014 official generator");
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
  v.output = 2;
  EXPECT_NE(validate(v).find("output"), std::string::npos);
  v.output = 0;
  v.opacity = 101;
  EXPECT_NE(validate(v).find("opacity"), std::string::npos);
  v.opacity = 0;
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
  v.preset = 2;  // 0 quick, 1 paper (standard was dropped, see core/presets.cpp)
  EXPECT_NE(validate(v), "");
  v.preset = 1;
  v.minutes = 0;
  EXPECT_NE(validate(v), "");
  EXPECT_EQ(preset_name(0), "quick");
  EXPECT_EQ(preset_name(1), "paper");
  EXPECT_EQ(model_output_path("/m", "a2b"), "/m/a2b.cgan");
  EXPECT_EQ(training_summary(1067, "horse", 1334, "zebra", 30, 0.4),
            "1067 horse, 1334 zebra images; ~0.4 s per iteration; 30 min ≈ 4500 iterations");
  EXPECT_EQ(training_summary(2, "a", 3, "b", 5, 0), "2 a, 3 b images; 5 min (the speed is measured on the first run)");
  EXPECT_EQ(training_progress_text(120, 180), "Iteration 120, about 3 min left");
  EXPECT_EQ(training_progress_text(7, 42.4), "Iteration 7, about 42 s left");
}

TEST(Failure, OneSentencePerKind) {
  EXPECT_TRUE(describe_failure(std::make_exception_ptr(Cancelled())).cancelled);
  EXPECT_EQ(describe_failure(std::make_exception_ptr(CheckpointError("Bad file."))).message, "Bad file.");
  EXPECT_NE(describe_failure(std::make_exception_ptr(std::bad_alloc())).message.find("memory"), std::string::npos);
  const Failure torch_like = describe_failure(std::make_exception_ptr(std::runtime_error("first\nframe #0")));
  EXPECT_EQ(torch_like.message.find("frame"), std::string::npos) << torch_like.message;
}

TEST(Failure, CoreMessagesKeepTheirArgumentsApart) {
  EXPECT_EQ(fill_message("%s is damaged (%s).", {"m.cgan", "bad hash"}), "m.cgan is damaged (bad hash).");
  EXPECT_EQ(fill_message("%2$s, then %1$s; 100%%", {"one", "two"}), "two, then one; 100%");
  EXPECT_EQ(fill_message("%s and %s", {"only"}), "only and ");
  const CheckpointError error(Message{"%s is damaged or incomplete (%s); save or import the model again.",
                                      {"/m/a.cgan", "bad hash"}});
  EXPECT_STREQ(error.what(), "/m/a.cgan is damaged or incomplete (bad hash); save or import the model again.");
  EXPECT_EQ(describe_failure(std::make_exception_ptr(error)).message, error.what());  // no catalog bound
}

// Shows each of `errors` as the plug-in does, in Japanese (in_japanese).
bool shown_in_japanese(const std::vector<std::exception_ptr>& errors, std::vector<std::string>* shown) {
  return in_japanese([&] {
    for (const std::exception_ptr& error : errors) shown->push_back(describe_failure(error).message);
  });
}

// The plug-in shows the core's model-file and image-file messages in the user's language, from
// the catalogs this build compiled (po/, CYCLEGAN_LOCALE_DIR).
TEST(Failure, CoreMessagesAreTranslated) {
  const CheckpointError error(Message{CYCLEGAN_MESSAGE("%s is damaged or incomplete (%s); save or import the model "
                                                       "again."),
                                      {"/m/a.cgan", "bad hash"}});
  std::vector<std::string> shown_all;
  if (!shown_in_japanese({std::make_exception_ptr(error)}, &shown_all))
    GTEST_SKIP() << "this C library shows no catalog under C.UTF-8 with LANGUAGE=ja";
  const std::string& shown = shown_all.at(0);
  EXPECT_EQ(shown.find("damaged"), std::string::npos) << shown;
  EXPECT_NE(shown.find("/m/a.cgan"), std::string::npos) << shown;
  EXPECT_NE(shown.find("bad hash"), std::string::npos) << shown;
  EXPECT_NE(shown.find("壊れて"), std::string::npos) << shown;
}

// A model saved into a folder that is gone, as the core itself reports it (write_file_atomically),
// and the same failure at a periodic save that ends a training run: whole Japanese sentences,
// with the file, the folder and the iteration filled in.
TEST(Failure, SaveFailuresAreTranslated) {
  gchar* made = g_dir_make_tmp("plugin-save-XXXXXX", nullptr);
  ASSERT_NE(made, nullptr);
  const std::string base = made;
  g_free(made);
  const std::string folder = base + "/gone", path = folder + "/style.cgan";
  std::exception_ptr failure;
  try {
    write_file_atomically(path, "model");
  } catch (const OutputError&) {
    failure = std::current_exception();
  }
  g_rmdir(base.c_str());
  ASSERT_TRUE(failure) << "saving into a missing folder succeeded";
  std::exception_ptr stopped;
  try {
    std::rethrow_exception(failure);
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("Could not save " + path), std::string::npos) << e.what();
    stopped = std::make_exception_ptr(OutputError(training_stopped_by(e, 120)));
  }
  std::vector<std::string> shown;
  if (!shown_in_japanese({failure, stopped}, &shown))
    GTEST_SKIP() << "this C library shows no catalog under C.UTF-8 with LANGUAGE=ja";
  for (const std::string& text : shown) {
    EXPECT_EQ(text.find("Could not save"), std::string::npos) << text;
    EXPECT_NE(text.find(path + " を保存できませんでした"), std::string::npos) << text;
    EXPECT_NE(text.find("フォルダー " + folder + " は存在しません"), std::string::npos) << text;
  }
  EXPECT_EQ(shown.at(0).find("反復"), std::string::npos) << shown.at(0);
  EXPECT_NE(shown.at(1).find("学習は反復 120 で停止しました"), std::string::npos) << shown.at(1);
}

// A finished run's result as train() gives it: where the model went, how long it ran, its verdict.
TrainResult finished_run(const std::string& model_path, int64_t iterations, const LearningVerdict& verdict) {
  TrainResult result;
  result.model_path = model_path;
  result.iterations = iterations;
  result.learned = verdict.learned;
  result.learning_caution = verdict.caution;
  result.learning_sentences = verdict.sentences;
  return result;
}

// The end of training says in the user's language when a model learned nothing: the core's
// verdict (judge_learning) reaches the training window as sentences from the catalog, with the
// measured changes filled in; without a catalog it stays the core's English summary.
TEST(TrainingOutcome, TheLearnedNothingVerdictIsTranslated) {
  LearningCheck check;
  check.change_a_to_b = 0.12;
  check.change_b_to_a = 0.26;
  check.d_a = check.d_b = 0.002;
  check.g_a = check.g_b = 0.98;
  const LearningVerdict verdict = judge_learning(check);
  const TrainResult result = finished_run("/m/style.cgan", 300, verdict);
  ASSERT_FALSE(result.learned);
  EXPECT_NE(training_outcome(result).find(english(verdict.sentences)), std::string::npos);  // no catalog bound
  std::string shown;
  if (!in_japanese([&] { shown = training_outcome(result); }))
    GTEST_SKIP() << "this C library shows no catalog under C.UTF-8 with LANGUAGE=ja";
  EXPECT_EQ(shown.find("learned almost nothing"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("Train longer"), std::string::npos) << shown;
  EXPECT_NE(shown.find("モデルはほとんど何も学習していません"), std::string::npos) << shown;
  EXPECT_NE(shown.find("識別器が完全に勝っています"), std::string::npos) << shown;
  EXPECT_NE(shown.find("平均 0.1/255、F は 0.3/255"), std::string::npos) << shown;
  EXPECT_NE(shown.find("/m/style.cgan"), std::string::npos) << shown;
}

// A model that learned is shown with its verdict too: how much each direction changes images,
// and that a way back to colour can only guess it, which the user would otherwise take for a fault.
TEST(TrainingOutcome, AWorkingModelShowsWhatEachDirectionDoes) {
  LearningCheck check;
  check.change_a_to_b = 24.2;
  check.change_b_to_a = 20.1;
  check.guessed_colour_gain_b_to_a = 3.3;
  const TrainResult result = finished_run("/m/sepia.cgan", 1254, judge_learning(check));
  ASSERT_TRUE(result.learned);
  ASSERT_FALSE(result.learning_caution);
  const std::string text = training_outcome(result);
  EXPECT_NE(text.find("G changes images by 24.2/255"), std::string::npos) << text;
  EXPECT_NE(text.find("so F can only guess it"), std::string::npos) << text;
}

// A run that a small set ended early says why, in the user's language, beside the verdict.
TEST(TrainingOutcome, APassLimitIsExplained) {
  LearningCheck check;
  check.change_a_to_b = 24.2;
  check.change_b_to_a = 20.1;
  TrainResult result = finished_run("/m/sepia.cgan", 5000, judge_learning(check));
  result.stopped_by = "passes";
  result.stop_sentences.push_back(pass_limit_sentence(1000, 20));
  EXPECT_NE(training_outcome(result).find("after 1000 passes over the 20 images"), std::string::npos);
  std::string shown;
  if (!in_japanese([&] { shown = training_outcome(result); }))
    GTEST_SKIP() << "this C library shows no catalog under C.UTF-8 with LANGUAGE=ja";
  EXPECT_EQ(shown.find("passes over"), std::string::npos) << shown;
  EXPECT_NE(shown.find("1000"), std::string::npos) << shown;
}

// A host with layer groups and open images held in maps: what both GIMP front ends give
// plan_training, without GIMP. Layer ids index `layers`; pixel reads are counted.
class FakeHost {
 public:
  struct Layer {
    std::string name;
    int width, height;
  };
  std::vector<Layer> layers;
  std::map<std::string, std::vector<LayerId>> groups, images;
  int reads = 0;

  TrainHost host() {
    TrainHost h;
    auto lookup = [](std::map<std::string, std::vector<LayerId>>& table) {
      return [&table](const std::string& name, std::vector<LayerId>& out) {
        auto found = table.find(name);
        if (found == table.end()) return false;
        out = found->second;
        return true;
      };
    };
    h.group_layers = lookup(groups);
    h.image_layers = lookup(images);
    h.layer_name = [this](LayerId id) { return layers[id].name; };
    h.layer_size = [this](LayerId id, int& w, int& ht) {
      w = layers[id].width;
      ht = layers[id].height;
    };
    h.read_layer = [this](LayerId id) {
      ++reads;
      PixelBuffer p;
      p.width = layers[id].width;
      p.height = layers[id].height;
      p.channels = 3;
      p.data.assign(static_cast<size_t>(p.width) * p.height * 3, 0.5f);
      return p;
    };
    return h;
  }
  LayerId add(const std::string& name, int side) {
    layers.push_back({name, side, side});
    return static_cast<LayerId>(layers.size() - 1);
  }
};

TrainValues train_values(const char* a, const char* b, const char* name, int resume = 0) {
  TrainValues v;
  TrainValues::set(v.source_a, sizeof v.source_a, a);
  TrainValues::set(v.source_b, sizeof v.source_b, b);
  TrainValues::set(v.model_name, sizeof v.model_name, name);
  v.minutes = 2;
  v.preset = 1;
  v.image_size = 32;
  v.resume = resume;
  return v;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_F(ModelsFolder, TrainPlanResolvesGroupsThenImagesAndBuildsOptions) {
  FakeHost fake;
  fake.groups["horses"] = {fake.add("h1", 32), fake.add("h2", 40)};
  fake.images["zebras.xcf"] = {fake.add("z1", 32)};
  fake.groups["zebras"] = {};  // a group wins over an image of the same bare name
  const TrainHost host = fake.host();

  const TrainPlan plan = plan_training(host, train_values("horses", "image:zebras.xcf", "h2z"), folder_);
  EXPECT_FALSE(plan.exists);
  EXPECT_EQ(plan.options.domain_a, "horses");
  EXPECT_EQ(plan.options.domain_b, "zebras");
  ASSERT_EQ(plan.options.a.images.size(), 2u);
  EXPECT_EQ(plan.options.a.images[1].width, 40);
  EXPECT_EQ(plan.options.a.names, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(plan.options.b.images.size(), 1u);
  EXPECT_EQ(plan.options.preset, "paper");
  EXPECT_EQ(plan.options.minutes, 2);
  EXPECT_EQ(plan.options.image_size, 32);
  EXPECT_EQ(plan.options.output, folder_ + "/h2z.cgan");
  EXPECT_EQ(fake.reads, 3);
  EXPECT_NE(error_of([&] { plan_training(host, train_values("horses", "zebras", "m"), folder_); })
                .find("\"zebras\" has no layers"),
            std::string::npos);
  EXPECT_EQ(resolve_source(host, "zebras.xcf").source.kind, SourceKind::OpenImage);
  // A folder is resolved by the core's scan, which refuses one without images.
  EXPECT_NE(error_of([&] { resolve_source(host, base_); }).find("contains no images"), std::string::npos);
  const std::string photos = base_ + "/photos";
  g_mkdir(photos.c_str(), 0700);
  g_file_set_contents((photos + "/a.png").c_str(), "x", 1, nullptr);
  const ResolvedSource folder = resolve_source(host, photos);
  EXPECT_EQ(folder.source.kind, SourceKind::Folder);
  EXPECT_EQ(folder.count, 1u);
  g_remove((photos + "/a.png").c_str());
  g_rmdir(photos.c_str());
}

TEST_F(ModelsFolder, TrainPlanRefusesBadSourcesBeforeReadingPixels) {
  FakeHost fake;
  fake.groups["horses"] = {fake.add("h1", 32)};
  fake.groups["tiny"] = {fake.add("t1", 32), fake.add("t2", 8)};
  const TrainHost host = fake.host();
  auto error = [&](const TrainValues& v) { return error_of([&] { plan_training(host, v, folder_); }); };

  EXPECT_NE(error(train_values("horses", "group:horses", "m")).find("are the same"), std::string::npos);
  EXPECT_NE(error(train_values("tiny", "horses", "m")).find("\"t2\" is only 8×8"), std::string::npos);
  EXPECT_NE(error(train_values("group:nope", "horses", "m")).find("no layer group \"nope\""), std::string::npos);
  EXPECT_NE(error(train_values("image:nope", "horses", "m")).find("no open image called \"nope\""),
            std::string::npos);
  EXPECT_NE(error(train_values("folder:/no/such", "horses", "m")).find("does not exist"), std::string::npos);
  EXPECT_NE(error(train_values("nope", "horses", "m")).find("neither a folder"), std::string::npos);
  EXPECT_EQ(fake.reads, 0);
}

TEST_F(ModelsFolder, TrainPlanChecksExistingModelAgainstResume) {
  FakeHost fake;
  fake.groups["a"] = {fake.add("a1", 32)};
  fake.groups["b"] = {fake.add("b1", 32)};
  const TrainHost host = fake.host();
  ensure_models_folder(folder_);
  EXPECT_NE(error_of([&] { plan_training(host, train_values("a", "b", "horse2zebra", 1), folder_); })
                .find("no model named \"horse2zebra\" to resume"),
            std::string::npos);
  std::ofstream(folder_ + "/horse2zebra.cgan") << "x";
  EXPECT_NE(error_of([&] { plan_training(host, train_values("a", "b", "horse2zebra"), folder_); })
                .find("already exists"),
            std::string::npos);
  const TrainPlan plan = plan_training(host, train_values("a", "b", "horse2zebra", 1), folder_);
  EXPECT_TRUE(plan.exists);
  EXPECT_TRUE(plan.options.resume);
}

TEST(TrainPlan, RecordsTheSpeedOfThisRunOnly) {
  TrainValues v = train_values("a", "b", "m");
  TrainResult result;
  result.iterations = 150;
  result.seconds = 20;
  record_speed(v, result, 100);
  EXPECT_DOUBLE_EQ(v.seconds_per_iteration, 0.4);
  EXPECT_EQ(v.measured_preset, 1);
  EXPECT_EQ(v.measured_image_size, 32);
  result.iterations = 100;  // stopped before the first new iteration: nothing measured
  TrainValues fresh = train_values("a", "b", "m");
  record_speed(fresh, result, 100);
  EXPECT_EQ(fresh.seconds_per_iteration, 0);
}

}  // namespace
}  // namespace cyclegan::plugin

// Training niced below GIMP: every thread of the process, and a thread started afterwards.
TEST(BackgroundPriority, TrainingThreadsRunBelowGimp) {
  // In a child process: niceness cannot be taken back without privileges.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::thread early([] { std::this_thread::sleep_for(std::chrono::milliseconds(300)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!cyclegan::plugin::run_below_gimp()) _exit(2);
    int later_nice = -100;
    std::thread later([&] { later_nice = getpriority(PRIO_PROCESS, 0); });
    later.join();
    const int main_nice = getpriority(PRIO_PROCESS, 0);
    early.join();
    _exit(main_nice >= cyclegan::plugin::kTrainingNiceness && later_nice >= cyclegan::plugin::kTrainingNiceness ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
