// Where quick's generators start: the linear colour transfer between the two domains.
//
// Each domain's pixels are summarised by their colour mean and 3x3 covariance; the linear map
// that carries one Gaussian onto the other with the least total change (the Monge-Kantorovich
// solution, as in Pitie & Kokaram's colour transfer) is
//
//     T = S_a^-1/2 (S_a^1/2 S_b S_a^1/2)^1/2 S_a^-1/2,     x -> mu_b + T (x - mu_a)
//
// and the map from b back to a is exactly its inverse. So a generator pair that starts there is
// cycle-consistent from the first iteration and already gives B's colour look (a grade, sepia,
// black and white): adversarial training only has to learn what is not a global colour change.
// Starting from the identity instead, a lossy look such as sepia is out of reach in CPU-minutes:
// F must amplify the little colour G leaves, with weights Adam moves by about lr per step.
#pragma once

#include <cstdint>

#include <torch/torch.h>

#include "core/trainer.h"
#include "models/networks.h"

namespace cyclegan {

struct ColourStatistics {
  torch::Tensor mean;        // 3, float64, in the networks' [-1, 1] units
  torch::Tensor covariance;  // 3 x 3, float64
};

// Statistics of up to `max_images` samples of `source` (spread evenly over it), drawn with their
// own random stream from `seed` so the trainer's data order does not move.
ColourStatistics colour_statistics(const ImageSource& source, size_t max_images, uint64_t seed);

// The map above as a 3 x 4 float64 matrix [T | mu_b - T mu_a]. Each covariance gets
// kColourFloor^2 added on its diagonal first: a domain with (almost) no colour, such as black
// and white photos, would otherwise ask the inverse map for unbounded gains.
constexpr double kColourFloor = 0.03;  // about 4/255 of standard deviation
// `floor` says where the floor goes (ColourFloor, core/trainer.h).
//
// `max_gain` (0 = none) bounds how much the map amplifies any direction of colour: T's
// eigenvalues are clamped to it (tones first: those of the chroma part; luma is not bounded).
// Matching covariances assumes the source's variation in each direction fully predicts the
// target's. Where the source barely varies (sepia's chroma is almost a function of its luma,
// black and white has none) what is left there is mostly clipping and noise, and a gain of
// several times turns it into false colour; without pairs nothing tells the two apart, so a
// bounded gain is the safer guess.
torch::Tensor linear_colour_transfer(const ColourStatistics& from, const ColourStatistics& to,
                                     ColourFloor floor = ColourFloor::BothDomains, double max_gain = 0);

// The same, tones first: luma (Rec. 601 Y') is carried by the one-dimensional map between the
// domains' luma distributions, the chroma left once luma is accounted for by the least-change
// map between what remains of each domain's chroma, and chroma's dependence on luma moves to
// B's. Like the map above it carries one Gaussian onto the other and the way back is its exact
// inverse, but where the plain map may reorder tones to move colour the least, this one keeps
// the photo's tones in order and takes B's colour as a function of them. Looks that remove or
// reduce colour (sepia, black and white, a tinted print) are exactly that: a tint of the photo's
// luma with the standard luma weights, which the plain map, blind to perception, does not pick.
torch::Tensor luminance_first_colour_transfer(const ColourStatistics& from, const ColourStatistics& to,
                                              ColourFloor floor = ColourFloor::BothDomains, double max_gain = 0);

// The largest gain the tones-first map gives any direction of chroma (what luma does not
// explain): well above 1 where `from` lacks colour variety that `to` has.
double largest_chroma_gain(const ColourStatistics& from, const ColourStatistics& to,
                           ColourFloor floor = ColourFloor::BothDomains);

// Sets the colour path of `generator` (a NetworkSpec with colour_path, 3 channels in and out)
// so that, with its body still at zero, it computes `map` (3 x 4, as above).
void start_generator_as_colour_map(Network& generator, const torch::Tensor& map);

}  // namespace cyclegan
