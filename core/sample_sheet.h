// A picture of what training does, refreshed every few minutes: one column per fixed image,
// rows real A, G(A), F(G(A)), real B, F(B), G(F(B)) (the official visuals real_A, fake_B, rec_A,
// real_B, fake_A, rec_B), each row labelled on the left with what it is and the domain it shows.
#pragma once

#include <string>

#include <torch/torch.h>

#include "core/cyclegan.h"
#include "core/cyclegan_step.h"

namespace cyclegan {

// The domains' names as the model stores them ("photo", "sepia"), for the row labels.
struct SheetNames {
  std::string a = "A";
  std::string b = "B";
};

// a, b: N x 3 x H x W in [-1, 1] (same H, W), on any device. Runs without gradients; the
// networks' train/eval mode is left as it was. Returns an RGB sheet: a white label column
// (sample_sheet_label_width wide), then the tiles with 2-pixel white gaps.
PixelBuffer make_sample_sheet(CycleGanNets& nets, const torch::Tensor& a, const torch::Tensor& b,
                              const SheetNames& names = {});

// The width of the label column for tiles `tile_height` pixels high.
int sample_sheet_label_width(const SheetNames& names, int tile_height);

// make_sample_sheet, saved as PNG atomically (save_image), so a viewer never sees half a sheet.
void save_sample_sheet(CycleGanNets& nets, const torch::Tensor& a, const torch::Tensor& b,
                       const std::string& path, const SheetNames& names = {});

}  // namespace cyclegan
