// `cyclegan translate`: one image, or every image of a folder, through G or F of a model.
//
//   cyclegan translate -m horse2zebra.cgan --to zebra photo.jpg zebra.jpg
//   cyclegan translate -m latest_net_G_A.pth --tile 512 in_folder/ out_folder/
#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/cyclegan.h"
#include "core/image_io.h"

namespace cyclegan::cli {

namespace {

namespace fs = std::filesystem;

volatile std::sig_atomic_t g_interrupted = 0;

void on_sigint(int) { g_interrupted = 1; }

std::string lower_extension(const fs::path& p) {
  std::string e = p.extension().string();
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e.empty() ? e : e.substr(1);
}

// What the output format can hold of the input's depth.
int output_bit_depth(const fs::path& out, int source_bits) {
  const std::string e = lower_extension(out);
  if (e == "png") return source_bits > 8 ? 16 : 8;
  if (e == "tif" || e == "tiff") return source_bits;
  return 8;
}

Direction parse_direction(const std::string& text) {
  if (text.empty() || text == "a2b") return Direction::AtoB;
  if (text == "b2a") return Direction::BtoA;
  throw UsageError("unknown direction \"" + text + "\"; use a2b or b2a");
}

// Progress on stderr: on a terminal one line per image, rewritten in place; into a file or a
// pipe a whole line at every quarter, so a log reads line by line.
class ProgressLine {
 public:
  explicit ProgressLine(std::string label) : label_(std::move(label)) {}
  void update(double fraction, const std::string& text) {
    const int percent = static_cast<int>(fraction * 100.0);
    const int shown = terminal_ ? percent : percent / 25 * 25;
    if (shown == last_) return;
    last_ = shown;
    if (terminal_)
      std::fprintf(stderr, "\r%s: %3d%% (%s)   ", label_.c_str(), percent, text.c_str());
    else
      std::fprintf(stderr, "%s: %3d%% (%s)\n", label_.c_str(), shown, text.c_str());
    std::fflush(stderr);
  }
  // A warning on its own line, the bar drawn again after it.
  void warn(const std::string& text) {
    std::fprintf(stderr, "%swarning: %s\n", terminal_ && last_ >= 0 ? "\n" : "", text.c_str());
    last_ = -1;
  }
  void done() {
    if (terminal_)
      std::fprintf(stderr, "\r%s: done%40s\n", label_.c_str(), "");
    else
      std::fprintf(stderr, "%s: done\n", label_.c_str());
  }

 private:
  const bool terminal_ = isatty(STDERR_FILENO) != 0;
  std::string label_;
  int last_ = -1;
};

// Checked before any work, so that a bad output name or an output that is the input itself
// costs nothing and loses nothing (the result would replace the input).
void check_output(const fs::path& in, const fs::path& out) {
  if (!has_writable_image_extension(out.string()))
    throw UsageError("cannot write \"" + out.string() + "\": use a .png, .jpg or .tif file name");
  std::error_code ec;
  if (fs::equivalent(in, out, ec))
    throw UsageError("the output \"" + out.string() + "\" is the input itself; give another name so that "
                     "the input is kept");
}

void translate_file(const Model& model, const TranslateParams& params, const fs::path& in, const fs::path& out,
                    const std::string& label) {
  int stored_bits = 8;
  PixelBuffer image = load_image(in.string(), &stored_bits);
  const int bits = output_bit_depth(out, stored_bits);
  ProgressLine line(label);
  Callbacks cb;
  cb.progress = [&](double f, const std::string& text) { line.update(f, text); };
  cb.should_cancel = [] { return g_interrupted != 0; };
  cb.warning = [&](const std::vector<Message>& sentences) { line.warn(english(sentences)); };
  translate(model, image, params, cb);
  save_image(image, out.string(), bits);
  line.done();
}

// Batch form: every readable image of `in_dir`, in name order, to the same name in `out_dir`.
// A file that fails is reported and skipped; the exit status says whether any did.
int translate_folder(const Model& model, const TranslateParams& params, const fs::path& in_dir,
                     const fs::path& out_dir) {
  std::error_code ec;
  if (fs::equivalent(in_dir, out_dir, ec))
    throw UsageError("the output folder is the input folder; give another folder so that the inputs are kept");
  fs::create_directories(out_dir, ec);
  if (!fs::is_directory(out_dir))
    throw OutputError("Cannot create the output folder " + out_dir.string() + ": " + ec.message() + ".");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(in_dir))
    if (entry.is_regular_file() && has_image_extension(entry.path().string()))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputError("The folder " + in_dir.string() + " holds no images (" + readable_formats() + ").");
  int failed = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    fs::path out = out_dir / files[i].filename();
    // WebP cannot be written: the result goes to a PNG of the same stem (.jpe to a .jpg).
    if (lower_extension(out) == "webp") out.replace_extension(".png");
    if (lower_extension(out) == "jpe") out.replace_extension(".jpg");
    const std::string label = "[" + std::to_string(i + 1) + "/" + std::to_string(files.size()) +
                              "] " + files[i].filename().string();
    try {
      translate_file(model, params, files[i], out, label);
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      std::fprintf(stderr, "\ncyclegan translate: skipped %s: %s\n", files[i].string().c_str(), e.what());
      ++failed;
    }
  }
  if (failed) {
    std::fprintf(stderr, "cyclegan translate: %d of %zu images failed.\n", failed, files.size());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int run_translate(int argc, char** argv) {
  Arguments args("translate", "-m MODEL [--direction a2b|b2a | --to NAME] [--tile N] IN OUT",
                 "Translates image IN into OUT with a CycleGAN generator, at full resolution in "
                 "tiles. With folders, translates every image of IN into OUT under the same name "
                 "(PNG, JPEG and TIFF keep their format; 16-bit stays 16-bit).",
                 {{"-m, --model", "MODEL", "our model file (.cgan) or an official generator .pth"},
                  {"-d, --direction", "DIR", "a2b: G, domain A -> B (default); b2a: F, B -> A"},
                  {"--to", "NAME", "translate into the domain called NAME, e.g. zebra"},
                  {"--tile", "N", "tile side in pixels (default: automatic, bounded memory)"},
                  {"--threads", "T", "CPU threads, fixed (default: the cores other programs leave free)"},
                  {"--device", "DEV", "auto, cpu or cuda (default auto)"}});
  return run_command(args, argc, argv, [&] {
    const auto& pos = args.positionals();
    if (pos.size() != 2) throw UsageError("give an input and an output (IN OUT)");
    if (!args.has("--model")) throw UsageError("give the model with -m MODEL");
    if (args.has("--direction") && args.has("--to"))
      throw UsageError("give either --direction or --to, not both");
    TranslateParams params;
    params.direction = parse_direction(args.get("--direction"));
    params.to_domain = args.get("--to");
    params.tile_size = static_cast<int>(args.get_int("--tile", 0, 0, 1 << 16));
    if (params.tile_size > 0 && params.tile_size < 16) throw UsageError("--tile must be at least 16");
    params.threads = static_cast<int>(args.get_int("--threads", 0, 0, 1024));
    params.device = device_option(args);

    const fs::path in = pos[0], out = pos[1];
    if (!fs::exists(in)) throw InputError("Cannot read " + in.string() + ": no such file or folder.");
    const bool folder = fs::is_directory(in);
    const fs::path target = !folder && fs::is_directory(out) ? out / in.filename() : out;
    if (!folder) check_output(in, target);  // load_image refuses FIFOs and devices itself
    const Model model = Model::open(args.get("--model"));
    std::fprintf(stderr, "cyclegan translate: %s\n", model.describe(params).c_str());

    std::signal(SIGINT, on_sigint);
    if (folder) return translate_folder(model, params, in, out);
    translate_file(model, params, in, target, in.filename().string());
    return kExitOk;
  });
}

}  // namespace cyclegan::cli
