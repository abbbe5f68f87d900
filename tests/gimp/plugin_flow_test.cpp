// plugin/common's procedure flow, argument tables, Host-based source lookup and Translate's work
// on layers, driven through an in-memory Host: what both GIMP front ends run, without GIMP.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/errors.h"
#include "core/gpu.h"
#include "core/image_folder.h"
#include "plugin/common/host.h"
#include "plugin/common/host_sources.h"
#include "plugin/common/procedure_specs.h"
#include "plugin/common/run_procedure.h"
#include "plugin/common/train_plan.h"
#include "plugin/common/train_run.h"
#include "plugin/common/train_values.h"
#include "plugin/common/translate_preview.h"
#include "plugin/common/translate_run.h"
#include "tests/gimp/in_japanese.h"

namespace cyclegan::plugin {
namespace {

// ---- run_procedure ------------------------------------------------------------------------

struct Calls {
  int dialog = 0, work = 0;
};

ProcedureSteps steps(Calls& calls, bool dialog_ok, const std::string& problem,
                     const std::function<RunStatus()>& work = [] { return RunStatus::Success; }) {
  return {[&calls, dialog_ok] {
            ++calls.dialog;
            return dialog_ok;
          },
          [problem] { return problem; },
          [&calls, work] {
            ++calls.work;
            return work();
          }};
}

TEST(RunProcedure, TheDialogOnlyWhenInteractiveAndItsCancelStopsEverything) {
  Calls calls;
  EXPECT_EQ(run_procedure(RunMode::Interactive, steps(calls, false, "")).status, RunStatus::Cancel);
  EXPECT_EQ(calls.work, 0);
  EXPECT_EQ(run_procedure(RunMode::NonInteractive, steps(calls, false, "")).status, RunStatus::Success);
  EXPECT_EQ(run_procedure(RunMode::WithLastValues, steps(calls, false, "")).status, RunStatus::Success);
  EXPECT_EQ(calls.dialog, 1);
  EXPECT_EQ(calls.work, 2);
}

TEST(RunProcedure, WrongValuesAreACallingErrorOnlyFromAScript) {
  Calls calls;
  const RunOutcome script = run_procedure(RunMode::NonInteractive, steps(calls, true, "Bad tile size."));
  EXPECT_EQ(script.status, RunStatus::CallingError);
  EXPECT_EQ(script.message, "Bad tile size.");
  EXPECT_EQ(run_procedure(RunMode::WithLastValues, steps(calls, true, "Bad.")).status, RunStatus::ExecutionError);
  EXPECT_EQ(run_procedure(RunMode::Interactive, steps(calls, true, "Bad.")).status, RunStatus::ExecutionError);
  EXPECT_EQ(calls.work, 0);
}

TEST(RunProcedure, ExceptionsOfTheWorkBecomeOneSentenceAndStoppingIsACancel) {
  Calls calls;
  const RunOutcome failed =
      run_procedure(RunMode::Interactive, steps(calls, true, "", []() -> RunStatus { throw InputError("No."); }));
  EXPECT_EQ(failed.status, RunStatus::ExecutionError);
  EXPECT_EQ(failed.message, "No.");
  EXPECT_EQ(run_procedure(RunMode::NonInteractive,
                          steps(calls, true, "", []() -> RunStatus { throw Cancelled(); }))
                .status,
            RunStatus::Cancel);
  EXPECT_EQ(run_procedure(RunMode::NonInteractive, steps(calls, true, "", [] { return RunStatus::Cancel; })).status,
            RunStatus::Cancel);
  const RunOutcome calling = run_procedure(
      RunMode::NonInteractive, {nullptr, []() -> std::string { throw CallingError("takes 6 arguments"); }, nullptr});
  EXPECT_EQ(calling.status, RunStatus::CallingError);
}

// A stopped training run keeps its model: CANCEL only for a script, a success from the dialog or
// Repeat (so GIMP 3 keeps the dialog's values, which it does only after a success).
TEST(RunProcedure, AStoppedTrainingIsACancelForScriptsOnly) {
  TrainResult stopped;
  stopped.cancelled = true;
  EXPECT_EQ(training_status(stopped, RunMode::NonInteractive), RunStatus::Cancel);
  EXPECT_EQ(training_status(stopped, RunMode::Interactive), RunStatus::Success);
  EXPECT_EQ(training_status(stopped, RunMode::WithLastValues), RunStatus::Success);
  EXPECT_EQ(training_status(TrainResult{}, RunMode::NonInteractive), RunStatus::Success);
}

// ---- argument tables ----------------------------------------------------------------------

ArgumentReader reader_of(const std::map<std::string, std::string>& values) {
  auto get = [values](const char* name) {
    auto found = values.find(name);
    if (found == values.end()) ADD_FAILURE() << "read an argument not in the table: " << name;
    return found == values.end() ? std::string() : found->second;
  };
  return {get, [get](const char* n) { return std::atoi(get(n).c_str()); },
          [get](const char* n) { return std::atof(get(n).c_str()); }};
}

// Every argument the table lists, with `text` for strings and "1" for numbers.
std::map<std::string, std::string> every_argument(const ProcedureSpec& spec, const std::string& text) {
  std::map<std::string, std::string> values;
  for (const ArgumentSpec& a : spec.arguments) values[a.name] = a.type == ArgumentType::Text ? text : "1";
  return values;
}

TEST(ProcedureSpecs, ValuesAreReadByTheNamesTheTablesDeclare) {
  const TranslateValues t = translate_values_from(reader_of(every_argument(translate_procedure_spec(), "m")));
  EXPECT_EQ(t.model_string(), "m");
  EXPECT_EQ(t.direction, 1);
  EXPECT_EQ(t.tile_size, 1);
  EXPECT_EQ(t.output, 1);
  EXPECT_EQ(t.opacity, 1);
  const TrainValues v = train_values_from(reader_of(every_argument(train_procedure_spec(), "x")));
  EXPECT_STREQ(v.source_a, "x");
  EXPECT_STREQ(v.model_name, "x");
  EXPECT_EQ(v.minutes, 1);
  EXPECT_EQ(v.resume, 1);
  EXPECT_EQ(v.measured_image_size, 1);
}

TEST(ProcedureSpecs, ScriptArgumentsKeepGimp210sOrderAndRememberedOnesComeLast) {
  std::vector<std::string> script;
  bool remembered_seen = false;
  for (const ArgumentSpec& a : train_procedure_spec().arguments) {
    if (a.remembered_only) remembered_seen = true;
    EXPECT_FALSE(remembered_seen && !a.remembered_only) << a.name;
    if (!a.remembered_only) script.push_back(a.name);
  }
  EXPECT_EQ(script, (std::vector<std::string>{"source-a", "source-b", "model-name", "minutes", "preset",
                                              "image-size", "resume"}));
  std::vector<std::string> translate;
  for (const ArgumentSpec& a : translate_procedure_spec().arguments) translate.push_back(a.name);
  EXPECT_EQ(translate, (std::vector<std::string>{"model", "direction", "tile-size", "output", "opacity"}));
}

// ---- an in-memory GIMP -------------------------------------------------------------------

class MemoryHost : public Host {
 public:
  struct Item {
    std::string name;
    bool group = false, layer = true, indexed = false, gray = false;
    double opacity = 100;
    std::vector<ItemId> children;
    PixelBuffer pixels;
  };
  std::map<ItemId, Item> items;
  std::map<ItemId, std::pair<std::string, std::vector<ItemId>>> open;  // image -> name, top layers
  std::set<ItemId> opened_by_plugin;
  Rect selection{0, 0, 0, 0};  // empty: no selection
  int undo_depth = 0, undo_groups = 0, merges = 0;
  std::vector<ItemId> copies;
  std::vector<std::string> messages;
  std::vector<std::string> questions;
  enum class Answer { accept, decline, close } answer = Answer::accept;
  std::vector<ItemId> converted;
  double last_fraction = 0;

  ItemId add_layer(const std::string& name, int width, int height, float value = 0.25f) {
    Item item;
    item.name = name;
    item.pixels.width = width;
    item.pixels.height = height;
    item.pixels.channels = 3;
    item.pixels.data.assign(static_cast<size_t>(width) * height * 3, value);
    for (size_t i = 0; i < item.pixels.data.size(); ++i) item.pixels.data[i] = value + 0.5f * (i % 7) / 7.0f;
    return add(item);
  }
  ItemId add_group(const std::string& name, std::vector<ItemId> children) {
    Item item;
    item.name = name;
    item.group = true;
    item.children = std::move(children);
    return add(item);
  }

  std::vector<ItemId> images() const override {
    std::vector<ItemId> ids;
    for (const auto& [id, image] : open) ids.push_back(id);
    return ids;
  }
  std::vector<ItemId> top_layers(ItemId image) const override { return open.at(image).second; }
  std::vector<ItemId> children(ItemId group) const override { return items.at(group).children; }
  bool is_group(ItemId item) const override { return items.at(item).group; }
  bool is_layer(ItemId item) const override { return items.at(item).layer; }
  bool is_indexed(ItemId item) const override { return items.at(item).indexed; }
  bool is_gray(ItemId item) const override { return items.at(item).gray; }
  ItemId add_layer_copy(ItemId layer, const std::string& name, double opacity) override {
    EXPECT_GT(undo_depth, 0) << "a layer was added outside the undo group";
    Item copy = items.at(layer);
    copy.name = name;
    copy.opacity = opacity;
    copies.push_back(add(copy));
    return copies.back();
  }
  std::string image_name(ItemId image) const override { return open.at(image).first; }
  bool is_plugin_output(ItemId image) const override { return opened_by_plugin.count(image) > 0; }
  std::string item_name(ItemId item) const override { return items.at(item).name; }
  void size(ItemId item, int& width, int& height) const override {
    width = items.at(item).pixels.width;
    height = items.at(item).pixels.height;
  }
  PixelBuffer read(ItemId item, const Rect& area, bool) const override {
    const PixelBuffer& all = items.at(item).pixels;
    return crop(all, {0, 0, all.width, all.height}, area);
  }
  bool selection_bounds(ItemId item, Rect& bounds) const override {
    const PixelBuffer& all = items.at(item).pixels;
    bounds = selection.width > 0 ? selection : Rect{0, 0, all.width, all.height};
    return true;
  }
  void write_through_selection(ItemId item, const Rect& area, const PixelBuffer& pixels) override {
    EXPECT_GT(undo_depth, 0) << "a layer changed outside the undo group";
    EXPECT_EQ(pixels.width, area.width);
    EXPECT_EQ(pixels.height, area.height);
    PixelBuffer& all = items.at(item).pixels;
    for (int y = 0; y < area.height; ++y)
      for (int x = 0; x < area.width; ++x)
        for (int c = 0; c < all.channels; ++c)
          all.data[(static_cast<size_t>(area.y + y) * all.width + area.x + x) * all.channels + c] =
              pixels.data[(static_cast<size_t>(y) * area.width + x) * pixels.channels + c];
    ++merges;
  }
  void begin_undo_group(ItemId) override {
    ++undo_depth;
    ++undo_groups;
  }
  void end_undo_group(ItemId) override { --undo_depth; }
  void convert_to_rgb(ItemId image) override {
    EXPECT_GT(undo_depth, 0) << "the image was converted outside the undo group";
    converted.push_back(image);
    for (auto& [id, item] : items) item.gray = false;
  }
  void progress_start(const std::string&) override {}
  void progress(double fraction, const std::string&) override { last_fraction = fraction; }
  void message(const std::string& text) override { messages.push_back(text); }
  bool ask(const std::string& question, const std::string&, const std::string&) override {
    questions.push_back(question);
    if (answer == Answer::close) throw Cancelled();
    return answer == Answer::accept;
  }
  std::unique_ptr<StopWindow> stop_window(const std::string&) override { return nullptr; }
  std::string gimp_directory() const override { return "/nonexistent-gimp-profile"; }
  void open_image_file(const std::string&) override {}
  void flush_displays() override {}

 private:
  ItemId add(const Item& item) {
    const ItemId id = static_cast<ItemId>(items.size()) + 100;
    items[id] = item;
    return id;
  }
};

TEST(HostSources, GroupsAreSearchedNestedAndImagesByTheirShownName) {
  MemoryHost host;
  const ItemId h1 = host.add_layer("h1", 16, 16), h2 = host.add_layer("h2", 16, 16);
  const ItemId inner = host.add_group("inner", {h2});
  const ItemId horses = host.add_group("horses", {h1, inner});
  const ItemId z1 = host.add_layer("z1", 20, 16);
  host.open[1] = {"work.xcf", {horses}};
  host.open[2] = {"zebras.xcf", {z1}};
  host.open[3] = {"samples.png", {host.add_layer("sheet", 16, 16)}};
  host.opened_by_plugin.insert(3);  // a sample sheet: never training images

  const TrainHost sources = train_host(host, 1);
  std::vector<LayerId> layers;
  ASSERT_TRUE(sources.group_layers("horses", layers));
  EXPECT_EQ(layers, (std::vector<LayerId>{h1, h2}));
  layers.clear();
  EXPECT_TRUE(sources.group_layers("inner", layers));
  EXPECT_FALSE(sources.group_layers("zebras", layers));
  layers.clear();
  ASSERT_TRUE(sources.image_layers("zebras", layers));  // without its extension
  EXPECT_EQ(layers, (std::vector<LayerId>{z1}));
  EXPECT_EQ(sources.read_layer(z1).width, 20);
  const std::vector<SourceChoice> choices = source_choices(host, 1);
  ASSERT_EQ(choices.size(), 3u);
  EXPECT_EQ(choices[0].source, "group:horses");
  EXPECT_EQ(choices[0].label, "horses — layer group, 2 layers");  // the nested group's layer too
  EXPECT_EQ(choices[1].source, "group:inner");
  EXPECT_EQ(choices[1].label, "inner — layer group, 1 layer");
  EXPECT_EQ(choices[2].source, "image:zebras.xcf");
  EXPECT_EQ(choices[2].label, "zebras.xcf — open image, 1 layer");
  EXPECT_EQ(suggested_model_name(sources, [] {
              TrainValues v;
              TrainValues::set(v.source_a, sizeof v.source_a, "horses");
              TrainValues::set(v.source_b, sizeof v.source_b, "image:zebras.xcf");
              return v;
            }()),
            "horses2zebras");
}

TEST(HostSources, TheTrainDialogsCheckSaysWhyTrainIsDisabled) {
  MemoryHost host;
  host.open[1] = {"work.xcf", {host.add_group("a", {host.add_layer("a1", 32, 32)}),
                               host.add_group("b", {host.add_layer("b1", 32, 32)})}};
  const TrainHost sources = train_host(host, 1);
  TrainValues v;
  TrainValues::set(v.source_a, sizeof v.source_a, "a");
  TrainValues::set(v.source_b, sizeof v.source_b, "b");
  TrainCheck check = check_training(sources, v, "/nonexistent-models");
  EXPECT_FALSE(check.usable);
  EXPECT_NE(check.text.find("name"), std::string::npos) << check.text;
  TrainValues::set(v.model_name, sizeof v.model_name, "a2b");
  check = check_training(sources, v, "/nonexistent-models");
  EXPECT_TRUE(check.usable) << check.text;
  EXPECT_FALSE(check.model_exists);
  v.resume = 1;
  EXPECT_FALSE(check_training(sources, v, "/nonexistent-models").usable);
  TrainValues::set(v.source_b, sizeof v.source_b, "group:nowhere");
  check = check_training(sources, v, "/nonexistent-models");
  EXPECT_FALSE(check.usable);
  EXPECT_NE(check.text.find("nowhere"), std::string::npos) << check.text;
}

// Every source training would refuse disables Train in the dialog, with the reason it would give.
TEST(HostSources, TrainIsDisabledForSourcesTrainingWouldRefuse) {
  MemoryHost host;
  host.open[1] = {"work.xcf", {host.add_group("a", {host.add_layer("a1", 32, 32)}),
                               host.add_group("b", {host.add_layer("b1", 32, 32)}), host.add_group("empty", {}),
                               host.add_group("small", {host.add_layer("s", 4, 4)})}};
  const TrainHost sources = train_host(host, 1);
  const std::filesystem::path root = std::filesystem::temp_directory_path() / "cyclegan-train-check-test";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "models");
  std::filesystem::create_directories(root / "no-images");
  std::ofstream(root / "no-images" / "notes.txt") << "x";
  std::ofstream(model_output_path((root / "models").string(), "taken")) << "x";
  TrainValues v;
  TrainValues::set(v.model_name, sizeof v.model_name, "a2b");
  TrainValues::set(v.source_a, sizeof v.source_a, "a");
  auto refused = [&](const std::string& b, const std::string& because) {
    TrainValues::set(v.source_b, sizeof v.source_b, b.c_str());
    const TrainCheck check = check_training(sources, v, (root / "models").string());
    EXPECT_FALSE(check.usable) << b;
    EXPECT_NE(check.text.find(because), std::string::npos) << b << ": " << check.text;
  };
  refused("group:empty", "has no layers");
  refused("group:small", "only 4×4 pixels");
  refused("group:a", "the same");
  refused("folder:" + (root / "no-images").string(), "contains no images");
  TrainValues::set(v.model_name, sizeof v.model_name, "taken");
  refused("group:b", "already exists");
  v.resume = 1;  // resuming the model of that name is what the name now means
  EXPECT_TRUE(check_training(sources, v, (root / "models").string()).usable);
  std::filesystem::remove_all(root);
}

TEST(HostSources, AChosenFolderIsListedWithItsImageCount) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "cyclegan-folder-choice-test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  // The files training reads: sub-folders too, .jpe, no BMP (not a training format), no hidden files.
  std::filesystem::create_directories(folder / "more");
  for (const char* name : {"a.png", "b.jpg", "c.JPE", "more/d.webp", "e.bmp", "notes.txt", "._a.png"})
    std::ofstream(folder / name) << "x";
  const SourceChoice choice = folder_choice(folder.string());
  EXPECT_EQ(choice.source, "folder:" + folder.string());
  EXPECT_EQ(choice.label, "Folder " + folder.string() + " — 4 images");
  EXPECT_EQ(training_files_or_none(folder.string()), cyclegan::find_image_files(folder.string()));
  EXPECT_TRUE(training_files_or_none((folder / "more" / "d.webp").string()).empty());
  EXPECT_TRUE(training_files_or_none((folder / "missing").string()).empty());
  std::filesystem::remove_all(folder);
}

// The thumbnails strip under each source list: the first layers of a group, the first files of a
// folder (those training reads), nothing for a source training cannot use.
TEST(HostSources, ThumbnailsShowTheSourcesFirstImages) {
  MemoryHost host;
  const ItemId h1 = host.add_layer("h1", 32, 32), h2 = host.add_layer("h2", 32, 32), h3 = host.add_layer("h3", 32, 32);
  host.open[1] = {"work.xcf", {host.add_group("horses", {h1, h2, h3}), host.add_group("empty", {}),
                               host.add_group("small", {host.add_layer("s", 4, 4)})}};
  const TrainHost sources = train_host(host, 1);
  SourceSamples samples = source_samples(sources, "group:horses", 2);
  EXPECT_EQ(samples.layers, (std::vector<LayerId>{h1, h2}));
  EXPECT_TRUE(samples.files.empty());
  EXPECT_EQ(source_samples(sources, "horses", 8).layers.size(), 3u);
  for (const char* unusable : {"group:empty", "group:small", "group:nowhere", "folder:/no/such/folder"}) {
    samples = source_samples(sources, unusable, 8);
    EXPECT_TRUE(samples.layers.empty() && samples.files.empty()) << unusable;
  }

  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "cyclegan-thumbnails-test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  for (const char* name : {"c.png", "a.png", "b.jpg", "notes.txt"}) std::ofstream(folder / name) << "x";
  samples = source_samples(sources, "folder:" + folder.string(), 2);
  EXPECT_EQ(samples.files, (std::vector<std::string>{(folder / "a.png").string(), (folder / "b.jpg").string()}));
  std::filesystem::remove_all(folder);
}

// "paper" is for a graphics card: on a machine without one the dialog says so where it describes it.
TEST(TrainValues, PaperSaysWhenNoGraphicsCardIsUsable) {
  const std::string paper = preset_description(1);
  EXPECT_EQ(paper.find("No graphics card is usable here") != std::string::npos, !gpu_available()) << paper;
  EXPECT_EQ(preset_description(0).find("graphics card"), std::string::npos);
}

TEST(HostSources, TheModelNameFollowsTheSourcesUntilTheUserTypesOne) {
  MemoryHost host;
  host.open[1] = {"work.xcf", {host.add_group("horse", {host.add_layer("h", 32, 32)}),
                               host.add_group("zebra", {host.add_layer("z", 32, 32)}),
                               host.add_group("donkey", {host.add_layer("d", 32, 32)})}};
  const TrainHost sources = train_host(host, 1);
  TrainValues v;
  TrainValues::set(v.source_a, sizeof v.source_a, "horse");
  TrainValues::set(v.source_b, sizeof v.source_b, "zebra");
  std::string proposed;
  EXPECT_EQ(follow_sources(sources, v, proposed), "horse2zebra");  // no name yet
  TrainValues::set(v.model_name, sizeof v.model_name, "horse2zebra");
  EXPECT_EQ(follow_sources(sources, v, proposed), "");  // already shown
  TrainValues::set(v.source_b, sizeof v.source_b, "donkey");
  EXPECT_EQ(follow_sources(sources, v, proposed), "horse2donkey");  // still the dialog's proposal
  TrainValues::set(v.model_name, sizeof v.model_name, "my pair");
  TrainValues::set(v.source_b, sizeof v.source_b, "zebra");
  EXPECT_EQ(follow_sources(sources, v, proposed), "");  // the user's own name stays
}

// ---- Translate's work on layers ----------------------------------------------------------

TranslateValues official_generator(int output = 0, double opacity = 100) {
  const char* fixtures = std::getenv("CYCLEGAN_FIXTURES");
  TranslateValues values;
  values.output = output;
  values.opacity = opacity;
  values.set_model(std::string(fixtures ? fixtures : "tests/fixtures") + "/official/resnet2_ngf8_zip.pth");
  return values;
}

TEST(TranslateLayers, OnlyTheSelectionChangesInOneUndoStepForEveryLayer) {
  MemoryHost host;
  const ItemId first = host.add_layer("first", 40, 32), second = host.add_layer("second", 24, 24, 0.6f);
  const PixelBuffer before = host.items[first].pixels;
  host.selection = {8, 6, 12, 10};
  translate_layers(host, 1, {first, second}, official_generator(), false);
  EXPECT_EQ(host.undo_groups, 1);
  EXPECT_EQ(host.undo_depth, 0);
  EXPECT_EQ(host.merges, 2);
  EXPECT_DOUBLE_EQ(host.last_fraction, 1.0);
  const PixelBuffer& after = host.items[first].pixels;
  int changed_inside = 0, changed_outside = 0;
  for (int y = 0; y < after.height; ++y)
    for (int x = 0; x < after.width; ++x) {
      const size_t i = (static_cast<size_t>(y) * after.width + x) * 3;
      const bool inside = x >= 8 && x < 20 && y >= 6 && y < 16;
      if (after.data[i] != before.data[i]) ++(inside ? changed_inside : changed_outside);
    }
  EXPECT_EQ(changed_outside, 0);
  EXPECT_GT(changed_inside, 12 * 10 / 2);
}

TEST(TranslateLayers, ANewLayerAboveLeavesTheOriginalAsItWas) {
  MemoryHost host;
  const ItemId layer = host.add_layer("photo", 24, 20);
  const PixelBuffer before = host.items[layer].pixels;
  translate_layers(host, 1, {layer}, official_generator(1, 60), false);
  EXPECT_EQ(host.items[layer].pixels.data, before.data);
  ASSERT_EQ(host.copies.size(), 1u);
  const MemoryHost::Item& result = host.items[host.copies[0]];
  EXPECT_EQ(result.name.rfind("resnet2_ngf8_zip: ", 0), 0u) << result.name;
  EXPECT_EQ(result.opacity, 60);
  EXPECT_NE(result.pixels.data, before.data);
  EXPECT_EQ(host.undo_groups, 1);
}

TEST(TranslateLayers, ReplacingAtHalfOpacityMixesTheResultWithTheOriginal) {
  MemoryHost full_host, half_host;
  const ItemId full = full_host.add_layer("photo", 16, 16), half = half_host.add_layer("photo", 16, 16);
  const PixelBuffer before = full_host.items[full].pixels;
  translate_layers(full_host, 1, {full}, official_generator(0, 100), false);
  translate_layers(half_host, 1, {half}, official_generator(0, 50), false);
  const std::vector<float>& a = full_host.items[full].pixels.data;
  const std::vector<float>& b = half_host.items[half].pixels.data;
  for (size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(b[i], 0.5f * (a[i] + before.data[i]), 1e-5f) << i;
  EXPECT_TRUE(full_host.copies.empty());
}

// The measure of whether a model gives gray pictures colour (the grayscale notice's condition).
TEST(TranslateLayers, ColourfulnessIsZeroForGrayAndTheChannelsSpreadOtherwise) {
  PixelBuffer gray{2, 1, 3, {0.2f, 0.2f, 0.2f, 0.9f, 0.9f, 0.9f}};
  EXPECT_DOUBLE_EQ(mean_colourfulness(gray), 0);
  PixelBuffer coloured{2, 1, 4, {0.2f, 0.5f, 0.3f, 1.0f, 0.9f, 0.9f, 0.6f, 0.0f}};  // alpha is not a colour
  EXPECT_NEAR(mean_colourfulness(coloured), (0.3 + 0.3) / 2, 1e-6);
  EXPECT_DOUBLE_EQ(mean_colourfulness(PixelBuffer{2, 1, 1, {0.1f, 0.7f}}), 0);
}

// A grayscale layer can only keep the gray of a colouring model's result: the dialog's run asks
// first, and converts the image inside the run's one undo step; a script is never asked.
TEST(TranslateLayers, AGrayscaleLayerAsksWhetherToConvertToRgbFirst) {
  auto gray_scan = [](MemoryHost& host) {
    const ItemId layer = host.add_layer("scan", 16, 16);
    host.items[layer].gray = true;
    return layer;
  };
  MemoryHost script;
  translate_layers(script, 1, {gray_scan(script)}, official_generator(), false);
  EXPECT_TRUE(script.questions.empty());
  EXPECT_TRUE(script.converted.empty());

  MemoryHost accepted;
  const ItemId layer = gray_scan(accepted);
  translate_layers(accepted, 1, {layer}, official_generator(), true);
  ASSERT_EQ(accepted.questions.size(), 1u);
  EXPECT_NE(accepted.questions[0].find("\"scan\" is grayscale"), std::string::npos) << accepted.questions[0];
  EXPECT_EQ(accepted.converted, std::vector<ItemId>{1});
  EXPECT_EQ(accepted.undo_groups, 1);
  EXPECT_GT(accepted.merges, 0);  // and then translated, as asked

  MemoryHost declined;
  declined.answer = MemoryHost::Answer::decline;
  translate_layers(declined, 1, {gray_scan(declined)}, official_generator(), true);
  EXPECT_EQ(declined.questions.size(), 1u);
  EXPECT_TRUE(declined.converted.empty());
  EXPECT_GT(declined.merges, 0);

  MemoryHost closed;
  closed.answer = MemoryHost::Answer::close;
  EXPECT_THROW(translate_layers(closed, 1, {gray_scan(closed)}, official_generator(), true), Cancelled);
  EXPECT_EQ(closed.undo_groups, 0);  // nothing was done
  EXPECT_EQ(closed.merges, 0);

  MemoryHost colour;
  translate_layers(colour, 1, {colour.add_layer("photo", 16, 16)}, official_generator(), true);
  EXPECT_TRUE(colour.questions.empty());
}

TEST(TranslatePreview, ShowsWhatTheRunWritesForTheRegionInView) {
  MemoryHost preview_host, run_host;
  const ItemId shown = preview_host.add_layer("photo", 40, 32), run = run_host.add_layer("photo", 40, 32);
  const TranslateValues values = official_generator();
  const Rect area{6, 5, 20, 14};
  const PreviewImage image = preview_translation(preview_host, shown, Model::open(values.model_string()),
                                                 to_translate_options(values, values.model_string()), area);
  ASSERT_EQ(image.width, 20);
  ASSERT_EQ(image.height, 14);
  ASSERT_EQ(image.channels, 3);
  translate_layers(run_host, 1, {run}, values, false);
  const PixelBuffer& result = run_host.items[run].pixels;
  int worst = 0;
  for (int y = 0; y < area.height; ++y)
    for (int x = 0; x < area.width; ++x)
      for (int c = 0; c < 3; ++c) {
        const float expected = result.data[(static_cast<size_t>(area.y + y) * result.width + area.x + x) * 3 + c];
        const int shown_byte = image.bytes[(static_cast<size_t>(y) * area.width + x) * 3 + c];
        worst = std::max(worst, std::abs(shown_byte - static_cast<int>(std::lround(expected * 255))));
      }
  EXPECT_LE(worst, 1);  // the region's context is the same: only rounding to 8 bits differs
}

// Split view: the left half as it is, a gray border, the right half what the whole preview
// shows; and a translation cancelled by a newer view stops with Cancelled.
TEST(TranslatePreview, SplitViewShowsTheLayerOnTheLeftAndCancelStops) {
  MemoryHost host;
  const ItemId shown = host.add_layer("photo", 40, 32);
  const TranslateValues values = official_generator();
  const Model model = Model::open(values.model_string());
  const TranslateParams params = to_translate_options(values, values.model_string());
  const RegionPixels region = read_region(host, shown, Rect{4, 3, 24, 16});
  const PreviewImage before = preview_original(region);
  const PreviewImage after = preview_translated(region, model, params, false);
  const PreviewImage split = preview_translated(region, model, params, true);
  ASSERT_EQ(split.bytes.size(), after.bytes.size());
  ASSERT_EQ(before.bytes.size(), after.bytes.size());
  EXPECT_NE(before.bytes, after.bytes);
  const size_t row = static_cast<size_t>(24) * 3;
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 24; ++x)
      for (int c = 0; c < 3; ++c) {
        const size_t i = y * row + static_cast<size_t>(x) * 3 + c;
        const int expected = x < 12 ? before.bytes[i] : x == 12 ? 128 : after.bytes[i];
        ASSERT_EQ(split.bytes[i], expected) << x << "," << y;
      }
  Callbacks cancelled;
  cancelled.should_cancel = [] { return true; };
  EXPECT_THROW(preview_translated(region, model, params, false, cancelled), Cancelled);
}

// Changing the direction in the dialog changes what the preview shows: G's result, then F's.
TEST(TranslatePreview, TheOtherDirectionShowsTheOtherGenerator) {
  MemoryHost host;
  const ItemId shown = host.add_layer("photo", 40, 32);
  const char* fixtures = std::getenv("CYCLEGAN_FIXTURES");
  const Model model = Model::open(std::string(fixtures ? fixtures : "tests/fixtures") + "/models/tiny-settings-format1.cgan");
  const RegionPixels region = read_region(host, shown, Rect{4, 3, 24, 16});
  TranslateParams params;
  params.direction = Direction::AtoB;
  const PreviewImage g = preview_translated(region, model, params, false);
  params.direction = Direction::BtoA;
  const PreviewImage f = preview_translated(region, model, params, false);
  const PreviewImage before = preview_original(region);
  ASSERT_EQ(g.bytes.size(), f.bytes.size());
  EXPECT_NE(g.bytes, before.bytes);
  EXPECT_NE(f.bytes, before.bytes);
  EXPECT_NE(g.bytes, f.bytes);
}

TEST(TranslateLayers, EveryLayerIsCheckedBeforeTheFirstChanges) {
  MemoryHost host;
  const ItemId good = host.add_layer("good", 16, 16);
  const ItemId group = host.add_group("a group", {});
  ItemId indexed = host.add_layer("palette", 16, 16);
  host.items[indexed].indexed = true;
  ItemId mask = host.add_layer("mask", 16, 16);
  host.items[mask].layer = false;
  auto error = [&](const std::vector<ItemId>& drawables) {
    try {
      translate_layers(host, 1, drawables, official_generator(), false);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error({}).find("No layer is selected"), std::string::npos);
  EXPECT_NE(error({good, group}).find("\"a group\" is a layer group"), std::string::npos);
  EXPECT_NE(error({good, indexed}).find("\"palette\" is indexed"), std::string::npos);
  EXPECT_NE(error({mask}).find("not a layer group, mask or channel"), std::string::npos);
  TranslateValues missing;
  missing.set_model("no-such-model");
  EXPECT_THROW(translate_layers(host, 1, {good}, missing, false), InputError);
  EXPECT_EQ(host.merges, 0);
  EXPECT_EQ(host.undo_groups, 0);
}


// ---- Train Style Pair's work -------------------------------------------------------------

// A MemoryHost with a real, throw-away GIMP profile, for runs that save a model in it.
class ProfileHost : public MemoryHost {
 public:
  ProfileHost() {
    gchar* dir = g_dir_make_tmp("plugin-flow-XXXXXX", nullptr);
    profile_ = dir;
    g_free(dir);
  }
  ~ProfileHost() override {
    std::error_code ignored;
    std::filesystem::remove_all(profile_, ignored);
  }
  std::string gimp_directory() const override { return profile_; }

 private:
  std::string profile_;
};

// What the core says about the images while it reads them (here: a layer with transparency,
// composited over white) reaches the user as a message, from the plug-in's catalog.
TEST(TrainModel, WarningsAboutTheImagesAreShownInTheUsersLanguage) {
  ProfileHost host;
  std::vector<ItemId> horses, zebras;
  for (int i = 0; i < 3; ++i) {
    horses.push_back(host.add_layer("h" + std::to_string(i), 40, 40, 0.2f));
    zebras.push_back(host.add_layer("z" + std::to_string(i), 40, 40, 0.4f));
  }
  PixelBuffer& cutout = host.items.at(horses[1]).pixels;  // the same picture with an alpha channel
  std::vector<float> rgba;
  for (size_t i = 0; i < cutout.data.size(); ++i) {
    rgba.push_back(cutout.data[i]);
    if (i % 3 == 2) rgba.push_back(i % 2 ? 1.0f : 0.5f);
  }
  cutout.channels = 4;
  cutout.data = rgba;
  host.open[1] = {"work.xcf", {host.add_group("horses", horses), host.add_group("zebras", zebras)}};
  TrainValues values;
  TrainValues::set(values.source_a, sizeof values.source_a, "horses");
  TrainValues::set(values.source_b, sizeof values.source_b, "zebras");
  TrainValues::set(values.model_name, sizeof values.model_name, "h2z");
  values.minutes = 1;
  values.image_size = 32;

  g_setenv("CYCLEGAN_TEST_CANCEL_AFTER", "2", TRUE);  // a few iterations are enough
  TrainResult result;
  const bool japanese = in_japanese([&] { result = train_model(host, 1, values, false); });
  g_unsetenv("CYCLEGAN_TEST_CANCEL_AFTER");
  EXPECT_TRUE(std::filesystem::exists(result.model_path)) << result.model_path;
  ASSERT_EQ(host.messages.size(), 1u);
  const std::string& shown = host.messages[0];
  EXPECT_NE(shown.find("h1"), std::string::npos) << shown;
  if (!japanese) {
    EXPECT_NE(shown.find("composited over white in \"horses\": 1 "), std::string::npos) << shown;
    GTEST_SKIP() << "this C library shows no catalog under C.UTF-8 with LANGUAGE=ja";
  }
  EXPECT_NE(shown.find("白の上に合成しました: 1 枚"), std::string::npos) << shown;
}

}  // namespace
}  // namespace cyclegan::plugin
