// Texture as statistics a generator can be asked to change: how much each channel changes from
// pixel to neighbouring pixel, at 1, 2 and 4 px, read as a distribution.
//
// A texture look (paint strokes, flat cartoon regions, grain) changes these distributions; a
// PatchGAN alone teaches that slowly on a few hundred images. Matching a fake's distributions to
// those of a batch of real target images asks every picture for the texture of four crops of
// other pictures (a sky for a forest), which hurts looks that keep textures. So the term asks
// instead for the change the two domains differ by: each quantile of the source image, scaled
// by how much that quantile grows from the source domain to the target domain on average.
#pragma once

#include <torch/torch.h>

namespace cyclegan {

// For a batch N x C x H x W: for each scale (1, 2 and 4 px block averages) and channel, the
// sizes of the changes between neighbouring pixels (across and down, over the whole batch),
// read at kTextureQuantiles evenly spaced quantiles: 3 x C x kTextureQuantiles. A distribution,
// not a mean, tells flat regions with hard edges (a cartoon) from evenly busy ones and smooth
// strokes from fine grain; matching subband histograms is how Heeger and Bergen (1995)
// synthesised textures.
constexpr int64_t kTextureQuantiles = 64;
torch::Tensor texture_statistics(const torch::Tensor& images);

// texture_statistics of each image of the batch on its own: N x 3 x C x kTextureQuantiles, to
// within 1/8192 of their range (read from histograms; for measuring sets, without gradients).
torch::Tensor texture_statistics_each(const torch::Tensor& images);

// Below about 1/255 a change is noise of the encoding: the gains add this to both sides.
constexpr double kTextureFloor = 0.01;

// How each quantile grows from one domain to the other: (to + floor) / (from + floor), with
// `from` and `to` the averages of texture_statistics over images of each domain (the average
// of quantile functions is their 1-D Wasserstein barycentre).
torch::Tensor texture_gain(const torch::Tensor& from, const torch::Tensor& to);

// The largest, over scales and channels, of how much the mean change between neighbouring
// pixels grows from `from` to `to` (averages of texture_statistics, floor added to both): below 1,
// the look smooths at every scale and in every channel.
double largest_mean_texture_gain(const torch::Tensor& from, const torch::Tensor& to);

// The texture term's distance: the mean L1 between the quantiles of `fake` and those of
// `source` (the images it was made from) multiplied by `gain`, summed over channels and scales.
// The target is fixed: no gradient flows into `source`.
torch::Tensor texture_change_loss(const torch::Tensor& fake, const torch::Tensor& source, const torch::Tensor& gain);

}  // namespace cyclegan
