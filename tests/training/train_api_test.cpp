// cyclegan::train end to end on tiny generated image sets: a model file that loads, exact resume
// through the file, cancel, bad input with one clear sentence each, and that an existing model
// is never damaged.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <torch/version.h>

#include "core/cyclegan.h"
#include "core/sample_sheet.h"
#include "core/image_io.h"
#include "core/model_file.h"
#include "tests/fixture_files.h"

namespace cyclegan {
namespace {

namespace fs = std::filesystem;

// A smooth random colour image (a few blobs), different for every seed.
PixelBuffer blob_image(int size, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto u = [&] { return static_cast<float>((rng() >> 11) * 0x1.0p-53); };
  float cx[3], cy[3], col[3][3];
  for (int k = 0; k < 3; ++k) {
    cx[k] = u() * size, cy[k] = u() * size;
    for (int c = 0; c < 3; ++c) col[k][c] = u();
  }
  PixelBuffer img;
  img.width = img.height = size;
  img.channels = 3;
  img.data.resize(static_cast<size_t>(size) * size * 3);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      float w[3], sum = 0;
      for (int k = 0; k < 3; ++k) sum += w[k] = std::exp(-((x - cx[k]) * (x - cx[k]) + (y - cy[k]) * (y - cy[k])) / (0.1f * size * size));
      for (int c = 0; c < 3; ++c) {
        float v = 0;
        for (int k = 0; k < 3; ++k) v += w[k] * col[k][c];
        img.data[(static_cast<size_t>(y) * size + x) * 3 + c] = v / (sum + 1e-6f);
      }
    }
  return img;
}

class TrainApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("cyclegan_train_api_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir / "A");
    fs::create_directories(dir / "B");
    for (int i = 0; i < 3; ++i) {
      save_image(blob_image(40, 100 + i), (dir / "A" / ("a" + std::to_string(i) + ".png")).string());
      save_image(blob_image(40, 200 + i), (dir / "B" / ("b" + std::to_string(i) + ".png")).string());
    }
  }
  void TearDown() override { fs::remove_all(dir); }

  TrainOptions tiny(const std::string& output, int64_t iterations) {
    TrainOptions o;
    o.a.folder = (dir / "A").string();
    o.b.folder = (dir / "B").string();
    o.output = (dir / output).string();
    o.preset = "tiny";
    o.iterations = iterations;
    o.seed = 5;
    o.threads = 1;  // bit-reproducible
    o.device = "cpu";
    return o;
  }
  // Trains `o` and stops it, as the user's Stop would, once `at` iterations are done.
  static TrainResult train_stopped_at(const TrainOptions& o, int64_t at) {
    bool stop = false;
    TrainCallbacks cb;
    cb.progress = [&](const TrainProgress& p) { stop = p.iteration >= at; };
    cb.should_cancel = [&] { return stop; };
    return train(o, cb);
  }
  // Trains `o` and returns the configuration it printed at the start.
  static std::string trained_configuration(const TrainOptions& o) {
    std::string configuration;
    TrainCallbacks cb;
    cb.started = [&](const std::string& c) { configuration = c; };
    train(o, cb);
    return configuration;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static std::string error_of(const TrainOptions& o) {
    try {
      train(o);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir;
};

TEST_F(TrainApi, TrainsAndWritesModelLogSamplesAndPlot) {
  TrainOptions o = tiny("m.cgan", 4);
  o.log_path = (dir / "log.jsonl").string();
  o.samples_path = (dir / "samples.png").string();
  o.plot_path = (dir / "plot.png").string();
  o.domain_a = "plain";
  o.domain_b = "graded";
  int progress_calls = 0, loading_calls = 0;
  std::string last_text, configuration;
  TrainCallbacks cb;
  cb.progress = [&](const TrainProgress& p) {
    EXPECT_GE(p.fraction, 0);
    EXPECT_LE(p.fraction, 1);
    if (p.total_iterations == 0) {  // the images load first, reported at iteration 0
      EXPECT_EQ(p.text.rfind("decoding images of ", 0), 0u) << p.text;
      ++loading_calls;
      return;
    }
    ++progress_calls;
    last_text = p.text;
    EXPECT_EQ(p.losses.size(), 8u);
  };
  cb.started = [&](const std::string& c) { configuration = c; };
  const TrainResult r = train(o, cb);
  EXPECT_EQ(r.iterations, 4);
  EXPECT_EQ(r.stopped_by, "iterations");
  EXPECT_FALSE(r.cancelled);
  EXPECT_EQ(progress_calls, 4);
  EXPECT_GT(loading_calls, 0);
  EXPECT_EQ(last_text.rfind("iteration 4 of 4, ", 0), 0u) << last_text;
  EXPECT_NE(configuration.find("preset tiny"), std::string::npos);

  ModelFile m = load_model_file(o.output);
  EXPECT_EQ(m.domain_a, "plain");
  EXPECT_EQ(m.iterations, 4);
  EXPECT_EQ(m.train_size, 32);
  EXPECT_TRUE(m.has_training_state);
  ASSERT_TRUE(m.g && m.f && m.d_a && m.d_b);
  EXPECT_EQ(m.g->spec().width, 4);

  // 4 JSON lines with every official loss name.
  std::istringstream log(read(dir / "log.jsonl"));
  std::string line;
  int lines = 0;
  while (std::getline(log, line)) {
    ++lines;
    for (const char* name : {"\"D_A\"", "\"G_A\"", "\"cycle_A\"", "\"idt_A\"", "\"D_B\"", "\"G_B\"", "\"cycle_B\"", "\"idt_B\""})
      EXPECT_NE(line.find(name), std::string::npos) << line;
  }
  EXPECT_EQ(lines, 4);
  const PixelBuffer sheet = load_image((dir / "samples.png").string());
  EXPECT_EQ(sheet.height, 6 * 32 + 7 * 2);  // six rows of 32 px tiles
  // three images per domain after the rows' labels
  EXPECT_EQ(sheet.width, sample_sheet_label_width({"plain", "graded"}, 32) + 3 * 32 + 4 * 2);
  EXPECT_GT(load_image((dir / "plot.png").string()).width, 100);
}

TEST_F(TrainApi, ResumeThroughTheModelFileIsExact) {
  train(tiny("straight.cgan", 6));
  // Stopped after 3 of the same 6-iteration budget (the budget shapes the LR schedule).
  EXPECT_TRUE(train_stopped_at(tiny("resumed.cgan", 6), 3).cancelled);
  EXPECT_EQ(load_model_file((dir / "resumed.cgan").string()).iterations, 3);
  TrainOptions more = tiny("resumed.cgan", 6);
  more.resume = true;
  more.seed = 77;  // ignored on resume: the state's RNGs continue
  const TrainResult r = train(more);
  EXPECT_EQ(r.iterations, 6);
  ModelFile a = load_model_file((dir / "straight.cgan").string());
  ModelFile b = load_model_file((dir / "resumed.cgan").string());
  auto pa = a.g->parameters(), pb = b.g->parameters();
  auto qa = a.d_b->parameters(), qb = b.d_b->parameters();
  pa.insert(pa.end(), qa.begin(), qa.end());
  pb.insert(pb.end(), qb.begin(), qb.end());
  ASSERT_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size(); ++i) EXPECT_TRUE(torch::equal(pa[i], pb[i])) << i;
}

// A resumed run keeps the model's domain names, whatever the folders are called (the command line
// names domains after their folders): the file, the printed data line and the sample sheet's labels.
TEST_F(TrainApi, ResumeKeepsTheModelsDomainNames) {
  TrainOptions first = tiny("named.cgan", 6);
  first.domain_a = "horses";
  first.domain_b = "zebras";
  EXPECT_TRUE(train_stopped_at(first, 3).cancelled);
  TrainOptions more = tiny("named.cgan", 6);
  more.resume = true;
  more.domain_a = "A";
  more.domain_b = "B";
  more.samples_path = (dir / "resumed-samples.png").string();
  const std::string configuration = trained_configuration(more);
  EXPECT_NE(configuration.find("images in A (horses)"), std::string::npos) << configuration;
  EXPECT_NE(configuration.find("in B (zebras)"), std::string::npos) << configuration;
  const ModelFile m = load_model_file(more.output);
  EXPECT_EQ(m.domain_a, "horses");
  EXPECT_EQ(m.domain_b, "zebras");
  EXPECT_EQ(load_image(more.samples_path).width, sample_sheet_label_width({"horses", "zebras"}, 32) + 3 * 32 + 4 * 2);
}

// The discriminators on pretrained features train G (the weights differ from a run without
// them), keep their heads in the training state so a resume is exact, and a state from a run
// without them resumes as that run went on.
TEST_F(TrainApi, FeatureDiscriminatorsResumeExactly) {
  auto same_g = [&](const std::string& x, const std::string& y) {
    auto px = load_model_file((dir / x).string()).g->parameters();
    auto py = load_model_file((dir / y).string()).g->parameters();
    bool same = px.size() == py.size();
    for (size_t i = 0; same && i < px.size(); ++i) same = torch::equal(px[i], py[i]);
    return same;
  };
  TrainOptions with = tiny("with.cgan", 6);
  with.settings = "features_D=mobilenet_v2";
  const std::string configuration = trained_configuration(with);
  EXPECT_NE(configuration.find("discriminators on frozen ImageNet features"), std::string::npos) << configuration;
  train(tiny("without.cgan", 6));
  EXPECT_FALSE(same_g("with.cgan", "without.cgan"));

  TrainOptions part = tiny("with-resumed.cgan", 6);
  part.settings = with.settings;
  EXPECT_TRUE(train_stopped_at(part, 3).cancelled);
  TrainOptions more = tiny("with-resumed.cgan", 6);
  more.resume = true;
  train(more);
  EXPECT_TRUE(same_g("with.cgan", "with-resumed.cgan"));

  // A run trained without them and resumed with the setting goes on without them.
  EXPECT_TRUE(train_stopped_at(tiny("older.cgan", 6), 3).cancelled);
  TrainOptions older = tiny("older.cgan", 6);
  older.resume = true;
  older.settings = "features_D=mobilenet_v2";
  train(older);
  EXPECT_TRUE(same_g("without.cgan", "older.cgan"));

  // The reverse cannot go on as it was: said in one sentence, the model left as it is.
  EXPECT_TRUE(train_stopped_at(part, 3).cancelled);
  TrainOptions dropped = tiny("with-resumed.cgan", 6);
  dropped.resume = true;
  dropped.settings = "features_D=none";
  EXPECT_NE(error_of(dropped).find("resume with features_D=mobilenet_v2"), std::string::npos) << error_of(dropped);
  EXPECT_EQ(load_model_file(part.output).iterations, 3);
  TrainOptions bad = tiny("bad.cgan", 1);
  bad.settings = "features_D=vgg";
  EXPECT_NE(error_of(bad).find("use mobilenet_v2 or none"), std::string::npos) << error_of(bad);
}

// --set changes the preset by official option names, is stored in the model file and comes back
// on resume (same weights as one uninterrupted run with the same settings).
TEST_F(TrainApi, SettingsChangeThePresetAndSurviveResume) {
  TrainOptions o = tiny("set.cgan", 4);
  // native_from: iterations 3 and 4 crop the 40 px files as they are instead of resized to 36;
  // the resumed run below crosses that switch and must still match bit for bit.
  o.settings = "lr=0.001,n_layers_D=1,ndf=6,lambda_identity=0,native_from=0.5";
  const std::string configuration = trained_configuration(o);
  EXPECT_NE(configuration.find("Adam lr 0.001 "), std::string::npos) << configuration;
  EXPECT_NE(configuration.find("identity 0\n"), std::string::npos) << configuration;
  EXPECT_NE(configuration.find("from 50% of the run: crop 32 from the images at their own size"), std::string::npos)
      << configuration;
  ModelFile m = load_model_file(o.output);
  EXPECT_EQ(m.d_a->spec().depth, 1);
  EXPECT_EQ(m.d_a->spec().width, 6);
  EXPECT_NE(m.training_config.find("settings lr=0.001,n_layers_D=1"), std::string::npos);
  EXPECT_EQ(m.training_preset, "tiny");
  EXPECT_EQ(m.training_settings, o.settings);

  TrainOptions part = tiny("set-resumed.cgan", 4);
  part.settings = o.settings;
  train_stopped_at(part, 1);
  // Resume reads the stored fields, never the readable text: rewording it changes nothing.
  ModelFile stopped = load_model_file(part.output);
  stopped.training_config = "a description worded some other way";
  save_model_file(stopped, part.output);
  TrainOptions more = tiny("set-resumed.cgan", 4);
  more.resume = true;  // no settings given: the stored ones apply
  const std::string resumed_configuration = trained_configuration(more);
  EXPECT_NE(resumed_configuration.find("Adam lr 0.001 "), std::string::npos) << resumed_configuration;
  auto pa = m.g->parameters(), pb = load_model_file(more.output).g->parameters();
  for (size_t i = 0; i < pa.size(); ++i) EXPECT_TRUE(torch::equal(pa[i], pb[i])) << i;
  // Without the second stage the last two batches differ, and so do the weights.
  TrainOptions one_stage = tiny("one-stage.cgan", 4);
  one_stage.settings = "lr=0.001,n_layers_D=1,ndf=6,lambda_identity=0,native_from=1";
  train(one_stage);
  auto pc = load_model_file(one_stage.output).g->parameters();
  bool differs = false;
  for (size_t i = 0; i < pa.size(); ++i) differs = differs || !torch::equal(pa[i], pc[i]);
  EXPECT_TRUE(differs);

  TrainOptions bad = tiny("bad.cgan", 1);
  bad.settings = "learning_rate=1";
  EXPECT_NE(error_of(bad).find("Unknown setting \"learning_rate=1\""), std::string::npos) << error_of(bad);
  bad.settings = "lr=abc";
  EXPECT_NE(error_of(bad).find("lr=abc is not a number"), std::string::npos) << error_of(bad);
  EXPECT_FALSE(fs::exists(bad.output));
}

// Files written before the preset and settings had fields of their own (tests/fixtures/models/)
// still resume, with the preset and settings they were trained with.
TEST_F(TrainApi, AModelFromBeforeTheTrainingFieldsResumesWithItsSettings) {
  const fs::path old = dir / "old.cgan";
  fs::copy_file(cyclegan_fixtures::model("tiny-settings-format1.cgan"), old);
  const ModelFile before = load_model_file(old.string());
  EXPECT_EQ(before.iterations, 3);
  EXPECT_EQ(before.training_preset, "tiny");
  EXPECT_EQ(before.training_settings, "lr=0.001,n_layers_D=1");
  EXPECT_EQ(read_model_info(old.string()).preset, "tiny");

  // It was trained on two images per side; resume needs as many.
  fs::remove(dir / "A" / "a2.png");
  fs::remove(dir / "B" / "b2.png");
  TrainOptions more = tiny("old.cgan", 5);
  more.preset = "quick";  // the file decides
  more.resume = true;
  std::string configuration;
  TrainCallbacks cb;
  cb.started = [&](const std::string& c) { configuration = c; };
  // Its training state (Adam's moments) was saved by LibTorch 1.13, which LibTorch 2.x cannot read
  // as written: there resuming is refused in one sentence and the file stays as it was.
  if (TORCH_VERSION_MAJOR >= 2) {
    const std::string error = error_of(more);
    EXPECT_NE(error.find("saved by another LibTorch version"), std::string::npos) << error;
    EXPECT_EQ(load_model_file(old.string()).iterations, 3);
    return;
  }
  train(more, cb);
  EXPECT_EQ(configuration.rfind("preset tiny", 0), 0u) << configuration;
  EXPECT_NE(configuration.find("Adam lr 0.001 "), std::string::npos) << configuration;
  EXPECT_NE(configuration.find("settings lr=0.001,n_layers_D=1"), std::string::npos) << configuration;
  const ModelFile after = load_model_file(old.string());
  EXPECT_EQ(after.iterations, 5);
  EXPECT_EQ(after.d_a->spec().depth, 1);
  EXPECT_EQ(after.training_preset, "tiny");
  EXPECT_EQ(after.training_settings, "lr=0.001,n_layers_D=1");
}

// Three images per side is a small set for `quick`: G and F are held near their colour start,
// pixel by pixel, and the cycle loss trains only the way back; without the hold, the cycle is the
// official one.
TEST_F(TrainApi, ASmallSetIsHeldNearItsStartAndItsCycleTrainsOnlyTheWayBack) {
  auto configuration_of = [&](const std::string& settings) {
    TrainOptions o = tiny("small.cgan", 1);
    o.preset = "quick";
    o.image_size = 32;
    o.settings = settings;
    return trained_configuration(o);
  };
  const std::string held = configuration_of("");
  EXPECT_NE(held.find("held near it with weight 0.5"), std::string::npos) << held;
  EXPECT_EQ(held.find("px regions"), std::string::npos) << held;
  EXPECT_NE(held.find("0 of the cycle's gradient to the fake's maker"), std::string::npos) << held;
  EXPECT_NE(held.find("it removes colour fully"), std::string::npos) << held;
  EXPECT_NE(held.find("would amplify colour over 2.5 times"), std::string::npos) << held;
  const std::string free = configuration_of("lambda_start=0");
  EXPECT_EQ(free.find("held near it"), std::string::npos) << free;
  EXPECT_EQ(free.find("of the cycle's gradient"), std::string::npos) << free;
  EXPECT_EQ(free.find("removes colour fully"), std::string::npos) << free;
  EXPECT_EQ(free.find("would amplify colour"), std::string::npos) << free;
  // A setting named outright stays as given.
  const std::string given = configuration_of("cycle_grad_first=0.5");
  EXPECT_NE(given.find("0.5 of the cycle's gradient to the fake's maker"), std::string::npos) << given;
}

// B in black and white: F has colour to invent, and the finished run says so; G does not.
TEST_F(TrainApi, AWayBackToColourFromGrayIsToldItCanOnlyGuess) {
  for (int i = 0; i < 3; ++i) {
    PixelBuffer gray = blob_image(40, 300 + i);
    for (size_t p = 0; p < gray.data.size(); p += 3) {
      const float y = 0.299f * gray.data[p] + 0.587f * gray.data[p + 1] + 0.114f * gray.data[p + 2];
      gray.data[p] = gray.data[p + 1] = gray.data[p + 2] = y;
    }
    save_image(gray, (dir / "B" / ("b" + std::to_string(i) + ".png")).string());
  }
  TrainOptions o = tiny("gray.cgan", 2);
  o.preset = "quick";
  o.image_size = 32;
  const TrainResult result = train(o);
  const std::string text = english(result.learning_sentences);
  EXPECT_NE(text.find("so F can only guess it"), std::string::npos) << text;
  EXPECT_NE(result.configuration.find("F (B to A) would have to amplify colour"), std::string::npos)
      << result.configuration;
  EXPECT_EQ(result.configuration.find("G (A to B) would have to"), std::string::npos) << result.configuration;
  EXPECT_EQ(text.find("so G can only guess it"), std::string::npos) << text;
}

TEST_F(TrainApi, CancelSavesTheModelTrainedSoFar) {
  TrainOptions o = tiny("c.cgan", 1000);
  const TrainResult r = train_stopped_at(o, 2);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.stopped_by, "cancel");
  EXPECT_EQ(r.iterations, 2);
  EXPECT_EQ(load_model_file(o.output).iterations, 2);
}

// A small set ends a run bounded by minutes or iterations after the preset's passes over it (the
// discriminators would learn it by heart), says so, and decays the rate to zero there; a budget
// in epochs is kept as asked, and so is the limit through a resume.
TEST_F(TrainApi, APassLimitEndsARunOnASmallSetAndSaysSo) {
  TrainOptions o = tiny("limited.cgan", 100);
  o.settings = "max_passes=2";  // 3 images per domain at batch 1: 3 iterations per pass
  std::vector<double> rates;
  TrainCallbacks cb;
  cb.progress = [&](const TrainProgress& p) {
    if (p.total_iterations == 0) return;  // loading the images
    rates.push_back(p.learning_rate);
    EXPECT_EQ(p.total_iterations, 6);
  };
  const TrainResult r = train(o, cb);
  EXPECT_EQ(r.iterations, 6);
  EXPECT_EQ(r.stopped_by, "passes");
  const std::string said = english(r.stop_sentences);
  EXPECT_NE(said.find("after 2 passes over the 3 images"), std::string::npos) << said;
  // These tiny networks learn nothing in 6 iterations; the verdict asks for images, not time.
  ASSERT_FALSE(r.learned);
  EXPECT_EQ(english(r.learning_sentences).find("Train longer"), std::string::npos) << english(r.learning_sentences);
  ASSERT_EQ(rates.size(), 6u);
  EXPECT_LT(rates.back(), rates.front());  // the schedule ends where the limit does

  auto ends_after = [](const TrainOptions& options, int64_t iterations, const std::string& reason) {
    TrainResult result = train(options);
    EXPECT_EQ(result.iterations, iterations) << reason;
    EXPECT_EQ(result.stopped_by, reason);
    return result;
  };
  TrainOptions minutes = tiny("limited-minutes.cgan", 0);
  minutes.minutes = 60;
  minutes.settings = o.settings;
  ends_after(minutes, 6, "passes");
  TrainOptions again = tiny("limited.cgan", 200);
  again.resume = true;  // the file's settings: the limit is reached already
  ends_after(again, 6, "passes");
  TrainOptions epochs = tiny("epochs.cgan", 0);
  epochs.epochs = 3;
  epochs.settings = o.settings;
  EXPECT_TRUE(ends_after(epochs, 9, "epochs").stop_sentences.empty());
  TrainOptions off = tiny("unlimited.cgan", 8);
  off.settings = "max_passes=0";
  const TrainResult unlimited = ends_after(off, 8, "iterations");
  ASSERT_FALSE(unlimited.learned);
  EXPECT_NE(english(unlimited.learning_sentences).find("Train longer"), std::string::npos);
}

TEST_F(TrainApi, InMemoryImagesTrainToo) {
  TrainOptions o = tiny("mem.cgan", 2);
  o.a.folder = o.b.folder = "";
  for (int i = 0; i < 2; ++i) {
    o.a.images.push_back(blob_image(36, 300 + i));
    o.b.images.push_back(blob_image(36, 400 + i));
  }
  o.a.names = {"layer 1", "layer 2"};
  EXPECT_EQ(train(o).iterations, 2);
}

TEST_F(TrainApi, BadInputIsOneClearSentenceAndNeverDamagesAModel) {
  train(tiny("keep.cgan", 1));
  const std::string before = read(dir / "keep.cgan");
  fs::create_directories(dir / "empty");
  fs::create_directories(dir / "junk");
  std::ofstream(dir / "junk" / "broken.png") << "not a png";

  TrainOptions o = tiny("keep.cgan", 2);
  o.a.folder = (dir / "missing").string();
  EXPECT_NE(error_of(o).find("missing"), std::string::npos) << error_of(o);
  o.a.folder = (dir / "empty").string();
  EXPECT_NE(error_of(o).find("empty"), std::string::npos) << error_of(o);
  o.a.folder = (dir / "junk").string();
  EXPECT_NE(error_of(o).find("junk"), std::string::npos) << error_of(o);
  EXPECT_EQ(read(dir / "keep.cgan"), before);

  TrainOptions out = tiny("no/such/folder/m.cgan", 1);
  EXPECT_NE(error_of(out).find("does not exist"), std::string::npos) << error_of(out);
  std::ofstream(dir / "photo.png") << "precious";
  out = tiny("photo.png", 1);
  EXPECT_NE(error_of(out).find("not a cyclegan model file"), std::string::npos) << error_of(out);
  EXPECT_EQ(read(dir / "photo.png"), "precious");
  out = tiny("absent.cgan", 1);
  out.resume = true;
  EXPECT_NE(error_of(out).find("Cannot resume"), std::string::npos) << error_of(out);
  out = tiny("x.cgan", 1);
  out.preset = "huge";
  EXPECT_NE(error_of(out).find("Unknown preset"), std::string::npos) << error_of(out);
}

}  // namespace
}  // namespace cyclegan
