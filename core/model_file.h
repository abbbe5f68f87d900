// Our model file (*.cgan): both generators, optionally both discriminators and the trainer's
// state, plus what a user wants to know about them, in one file that is written atomically.
//
// Naming follows the official code (cycle_gan_model.py: "G_A (G), G_B (F), D_A (D_Y), D_B (D_X)"):
//   g   = G   = official netG_A: translates A -> B
//   f   = F   = official netG_B: translates B -> A
//   d_a = D_Y = official netD_A: tells real B images from g(A)   (it judges domain B!)
//   d_b = D_X = official netD_B: tells real A images from f(B)   (it judges domain A)
//
// Container: a zip written by LibTorch's PyTorchStreamWriter (same on LibTorch 1.13 and 2.x):
//   header         text: magic line, "format=N", metadata, one spec line per network, and the
//                  hashes of the other records: tensors_hash, training_state_hash (+ _size)
//   header_hash    FNV-1a 64 of the header record, in decimal
//   tensors        text index: "NET/KEY DTYPE D0,D1,.. HASH" per tensor (HASH: FNV-1a 64 of bytes)
//   t/N            raw little-endian bytes of the N-th tensor of the index
//   training_state the trainer's opaque bytes (absent when there are none)
// The header is read without touching the weights, so listing a folder of models is cheap.
// miniz as built in LibTorch does not check CRCs, hence our own hashes; files written before
// header_hash existed have only the per-tensor ones and still load. Every record is stored
// uncompressed and its size is checked against what it can be before it is read.
//
//   ModelFile m;
//   m.g = make_network(NetworkSpec::resnet(64, 9));
//   m.domain_a = "horse"; m.domain_b = "zebra";
//   save_model_file(m, "horse2zebra.cgan");          // throws OutputError
//   ModelFile back = load_model_file("horse2zebra.cgan");  // throws CheckpointError
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/cyclegan.h"
#include "models/networks.h"

namespace cyclegan {

// The format this build writes, and the newest it reads. Bump it when old readers would
// misread a new file; they then refuse it with "update cyclegan-gimp".
constexpr int kModelFormatVersion = 1;

// The file name extension of our model files.
constexpr const char* kModelFileExtension = ".cgan";

struct ModelFile {
  int format_version = kModelFormatVersion;  // as read from the file; save always writes ours
  std::string domain_a = "A";                // e.g. "horse"
  std::string domain_b = "B";                // e.g. "zebra"

  // Any of them may be null (an imported one-direction file has only g or only f). The
  // networks' spec() is what the file records; weights are stored on the CPU.
  std::shared_ptr<Network> g, f, d_a, d_b;

  int train_size = 0;       // crop size used in training (0 = unknown)
  int64_t iterations = 0;   // training iterations done so far
  std::string created;      // ISO 8601 UTC; save fills it in when empty
  std::string updated;      // ISO 8601 UTC; save sets it to the current time
  std::string training_config;  // readable description written by the trainer; never parsed
  // What `--resume` reads back: the preset's name and the `--set` list in canonical spelling
  // (preset_settings.h), stored as header fields of their own (training.preset,
  // training.settings, with training.fields=1 naming their version). Empty preset: the file
  // predates these fields (or was imported).
  std::string training_preset;
  std::string training_settings;
  std::string learning_check;   // the trainer's verdict on what the model learned (learning_check.h)
  // Opaque bytes owned by the trainer (optimizers, pools, RNG); empty = none. load_model_file
  // with with_training_state=false leaves it empty and has_training_state tells if it exists.
  std::string training_state;
  bool has_training_state = false;
  // Set by load_model_file when the file has a training state that is missing, cut or fails its
  // hash: the weights are intact (translation works), training cannot resume.
  bool training_state_damaged = false;
};

// Writes `model` to `path` atomically (write_file_atomically). Throws OutputError when the file
// cannot be written and InputError when `model` has no network at all.
void save_model_file(const ModelFile& model, const std::string& path);

// Serialises without writing, for callers that keep the bytes (tests, in-memory copies).
std::string model_file_bytes(const ModelFile& model);

// Reads a model file (weights on the CPU). Throws CheckpointError, with one sentence naming the
// file, for anything that is not a complete model file of a format this build understands.
ModelFile load_model_file(const std::string& path, bool with_training_state = true);

// The header alone (no weights): what `cyclegan info` and the plug-in's model list show.
// check_training_state also reads the training state (most of the file) to set
// ModelInfo::training_state_damaged. Throws CheckpointError like load_model_file.
ModelInfo read_model_file_info(const std::string& path, bool check_training_state = false);

// True when the file starts like one of our zip containers with a header record; cheap, never
// throws. Official .pth (zip) files return false.
bool is_model_file(const std::string& path);

// True for any zip whose header record starts with our magic line, even when the rest is of a
// newer format or damaged: such a file gets load_model_file's own error, not a generic one.
// Cheap, never throws.
bool starts_like_model_file(const std::string& path);

// "2026-11-26T16:05:00Z"
std::string utc_now_iso8601();

}  // namespace cyclegan
