// One CycleGAN training iteration, as the official CycleGANModel.optimize_parameters().
//
// Paper <-> official code <-> here:
//   G   : X -> Y   netG_A   nets.g    (A -> B)
//   F   : Y -> X   netG_B   nets.f    (B -> A)
//   D_Y            netD_A   nets.d_a  judges domain B: real B vs G(A)
//   D_X            netD_B   nets.d_b  judges domain A: real A vs F(B)
//   lambda (Eq. 3) lambda_A (cycle A->B->A), lambda_B (cycle B->A->B); identity weight
//   lambda_identity multiplies them (section 5.2: 0.5 * lambda).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "core/diff_augment.h"
#include "core/gan_loss.h"
#include "core/image_pool.h"
#include "models/networks.h"

namespace cyclegan {

struct CycleGanNets {
  std::shared_ptr<Network> g, f, d_a, d_b;
  // Ours (null = none, the official model): discriminators on frozen pretrained features
  // (models/projected_discriminator.h) beside d_a and d_b, judging the same images.
  std::shared_ptr<Network> d_a_features, d_b_features;
};

struct LossWeights {
  GanMode gan_mode = GanMode::LSGAN;  // official --gan_mode
  double lambda_a = 10.0;             // official --lambda_A
  double lambda_b = 10.0;             // official --lambda_B
  double lambda_identity = 0.5;       // official --lambda_identity (0 = no identity loss)
  // Ours (0 = off, the official loss): weight of the colour-statistics term, the L1 distance
  // between the per-channel means and the 3x3 colour covariance of a batch of fakes and of the
  // batch of real images of the same domain. It asks G for the global colour change a
  // PatchGAN and the cycle loss do not push for: a lossy map (sepia, black and white) is a
  // collapse of the colour covariance, which the cycle loss resists and D judges only weakly.
  double lambda_colour_stats = 0;
  // Ours (0 = off): weight of the texture term (core/texture_statistics.h): the distance between
  // the distributions of how much each channel changes between neighbouring pixels (at 1, 2 and
  // 4 px) in a batch of fakes and in the images they were made from, scaled by how those
  // distributions grow from one domain to the other (DirectionStart::texture_gain).
  double lambda_texture_stats = 0;
  // Ours (0 = off): how strongly G and F are held near the colour maps they started as (L1
  // between G(a) and the start map of a, F(b) likewise), times lambda_A / lambda_B like the
  // identity loss. It plays the identity loss's part for small sets when the start is not the
  // identity (core/colour_transfer.h): an anchor that D's verdicts on a few images cannot
  // drag far.
  double lambda_start = 0;
  // Ours: the scale, in pixels, at which that anchor compares images (1 = every pixel). The start
  // is a global colour map: it is right about colour and says nothing about texture, so beyond
  // one pixel the anchor holds the colour of regions (averages over start_pool x start_pool)
  // and leaves strokes, stripes and edges free to change.
  int start_pool = 1;
  // Ours (0 = off): standard deviation, on the [-1, 1] scale, of Gaussian noise added to G's and
  // F's outputs before the other generator reconstructs from them in the cycle loss. Where a
  // look is lossy (sepia, black and white), the cycle loss rewards G for hiding what it removed
  // in changes too faint to see, and F for reading them back; noise larger than such traces
  // makes them worthless, so G removes what the target lacks and F learns a way back that works
  // on real images of the target domain, which carry no trace (Chu et al. 2017).
  double cycle_noise = 0;
  // Ours (1 = the official loss): the share of the cycle loss's gradient that reaches the
  // generator which made the fake (G for A -> B -> A); the one that reconstructs always gets all
  // of it. On a lossy look the cycle loss is what asks G to keep, faintly, what the target
  // lacks; a smaller share lets G follow the target and still teaches F the way back.
  double cycle_grad_first = 1;
  // Ours: weight of the feature discriminators' verdicts in G's and F's adversarial loss, beside
  // the PatchGAN's (used when CycleGanNets has them).
  double lambda_features = 1;
};

// How strongly one direction (G: A -> B, or F) is held and trained; TrainerConfig::scarce_colour_*
// sets them for a direction that would have to invent colour.
struct DirectionShares {
  double hold = 1;         // its share of lambda_start
  double cycle = 1;        // the weight of the cycle that starts in its source (a -> G(a) -> F(G(a)) for G)
  double adversarial = 1;  // the weight of its generator's adversarial loss
};

// Where one direction (G or F) started and how strongly it is held and trained there.
struct DirectionStart {
  torch::Tensor map;  // the per-pixel colour map (3 x 4: [matrix | offset]) it started as; see lambda_start
  DirectionShares shares;
  // The colour gain its unbounded start would have needed (largest_chroma_gain) where the
  // scarce-colour rule bounded it: this direction can only guess colour. 0 where not bounded.
  double guessed_colour_gain = 0;
  // texture_gain from its source domain to its target domain (3 x C x kTextureQuantiles): the
  // change LossWeights::lambda_texture_stats asks of this direction. Unset, it asks none.
  torch::Tensor texture_gain;
};

// Where G and F started (start_as_colour_transfer; empty maps when they started as the identity)
// and the texture change asked of them.
struct StartMaps {
  DirectionStart g, f;
  // Whether the step has anything to read here: a start to hold either generator near (the maps
  // come in pairs) or a texture change to ask of either direction.
  bool any() const { return g.map.defined() || g.texture_gain.defined() || f.texture_gain.defined(); }
};

// The official loss names, values of this iteration (before the update).
struct StepLosses {
  double d_a = 0, g_a = 0, cycle_a = 0, idt_a = 0;
  double d_b = 0, g_b = 0, cycle_b = 0, idt_b = 0;
  std::vector<std::pair<std::string, double>> named() const;
};

// Called between the backward pass and the optimizer step with the optimizer about to step
// (data-parallel training averages the gradients across ranks here: gradient_average.h).
using BeforeStep = std::function<void(torch::optim::Optimizer&)>;

// Forward fake_B = G(A), rec_A = F(fake_B), fake_A = F(B), rec_B = G(fake_A); update G and F
// with D frozen (requires_grad off, as set_requires_grad does), then D_A and D_B on pooled fakes.
// real_a, real_b: N x 3 x H x W in [-1, 1] on the networks' device. `augment`, when given,
// transforms every image a discriminator sees, real or fake, in both updates (DiffAugment).
StepLosses cyclegan_step(CycleGanNets& nets, torch::optim::Optimizer& optimizer_g,
                         torch::optim::Optimizer& optimizer_d, ImagePool& fake_b_pool,
                         ImagePool& fake_a_pool, const torch::Tensor& real_a,
                         const torch::Tensor& real_b, const LossWeights& weights,
                         DiffAugment* augment = nullptr, const StartMaps* start = nullptr,
                         const BeforeStep& before_step = {});

// `map` (3 x 4) applied to every pixel of `images` (N x 3 x H x W), clamped to [-1, 1] as the
// generators' outputs are.
torch::Tensor apply_colour_map(const torch::Tensor& map, const torch::Tensor& images);

// The anchor's distance (see LossWeights::lambda_start): mean L1 between `fake` and `start`
// after both are averaged over pool x pool blocks (a partial block at the edge is averaged over
// the pixels it has), so changes that keep each block's mean colour cost nothing.
torch::Tensor start_anchor_loss(const torch::Tensor& fake, const torch::Tensor& start, int pool);

// Official set_requires_grad(net, flag).
void set_requires_grad(Network& net, bool flag);

}  // namespace cyclegan
