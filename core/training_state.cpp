// Trainer::save_state / load_state: everything but the weights that an exact resume needs.
// A LibTorch archive (the same container on 1.13 and 2.x) with:
//   format, iteration, epoch, position, order (this epoch's sample order), seconds,
//   data_rng (std::mt19937_64 as text), torch_cpu_rng (torch's default CPU generator state),
//   fake_b_pool.*, fake_a_pool.* (ImagePool::save), optimizer_g, optimizer_d (Adam::save),
//   d_a_features, d_b_features (the feature discriminators' heads, when the run has them; the
//   model file keeps only the official networks).
#include <sstream>
#include <type_traits>

#include "base/errors.h"
#include "core/trainer.h"

namespace cyclegan {

namespace {

constexpr int64_t kStateFormat = 1;  // bump when the layout changes; older readers then refuse

// Adam keeps its moments in a map keyed by the parameter's TensorImpl: by its address printed as
// text in LibTorch 1.x, by the address itself in 2.x.
template <class StateMap>
const torch::optim::OptimizerParamState* state_of(const StateMap& states, const torch::Tensor& p) {
  typename StateMap::const_iterator it;
  if constexpr (std::is_pointer_v<typename StateMap::key_type>) {
    it = states.find(p.unsafeGetTensorImpl());
  } else {
    std::ostringstream key;
    key << p.unsafeGetTensorImpl();
    it = states.find(key.str());
  }
  return it == states.end() ? nullptr : it->second.get();
}

// True when every moment Adam read back has its parameter's shape. LibTorch 2.x does not read
// the optimizer state LibTorch 1.13 wrote as it was written; without this check the mismatch
// only shows at the next step, as an error about tensor sizes.
bool moments_fit(const torch::optim::Adam& adam) {
  for (const auto& group : adam.param_groups())
    for (const torch::Tensor& p : group.params()) {
      const auto* state = static_cast<const torch::optim::AdamParamState*>(state_of(adam.state(), p));
      if (state && (!state->exp_avg().defined() || state->exp_avg().sizes() != p.sizes() ||
                    state->exp_avg_sq().sizes() != p.sizes()))
        return false;
    }
  return true;
}

}  // namespace

std::string Trainer::save_state() const {
  torch::serialize::OutputArchive ar;
  ar.write("format", c10::IValue(kStateFormat));
  ar.write("iteration", c10::IValue(iteration_));
  ar.write("epoch", c10::IValue(epoch_));
  ar.write("position", c10::IValue(position_));
  ar.write("seconds", c10::IValue(seconds_trained()));
  ar.write("order", torch::tensor(order_.empty() ? std::vector<int64_t>{-1} : order_, torch::kLong));
  std::ostringstream rng;
  rng << data_rng_;
  ar.write("data_rng", c10::IValue(rng.str()));
  {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    ar.write("torch_cpu_rng", gen.get_state());
  }
  fake_b_pool_.save(ar, "fake_b_pool");
  fake_a_pool_.save(ar, "fake_a_pool");
  torch::serialize::OutputArchive og, od;
  optimizer_g_->save(og);
  optimizer_d_->save(od);
  ar.write("optimizer_g", og);
  ar.write("optimizer_d", od);
  if (nets_.d_a_features) {
    torch::serialize::OutputArchive heads_a, heads_b;
    nets_.d_a_features->save(heads_a);
    nets_.d_b_features->save(heads_b);
    ar.write("d_a_features", heads_a);
    ar.write("d_b_features", heads_b);
  }
  std::ostringstream out;
  ar.save_to(out);
  return out.str();
}

void Trainer::load_state(const std::string& bytes) {
  try {
    torch::serialize::InputArchive ar;
    std::istringstream in(bytes);
    ar.load_from(in, config_.device);
    c10::IValue v;
    ar.read("format", v);
    if (v.toInt() > kStateFormat)
      throw CheckpointError(Message{
          CYCLEGAN_MESSAGE("The training state was written by a newer cyclegan-gimp; update it to resume."), {}});
    ar.read("iteration", v);
    iteration_ = v.toInt();
    ar.read("epoch", v);
    epoch_ = v.toInt();
    ar.read("position", v);
    position_ = v.toInt();
    ar.read("seconds", v);
    seconds_before_ = v.toDouble();
    seconds_this_run_ = 0;
    torch::Tensor order;
    ar.read("order", order);
    order = order.cpu();
    order_.assign(order.data_ptr<int64_t>(), order.data_ptr<int64_t>() + order.numel());
    if (order_.size() == 1 && order_[0] == -1) order_.clear();
    if (!order_.empty() && order_.size() != std::max(a_.size, b_.size))
      throw CheckpointError(Message{CYCLEGAN_MESSAGE("The training state was made with a different number of "
                                                     "training images; resume with the same folders or train "
                                                     "without --resume."), {}});
    ar.read("data_rng", v);
    std::istringstream rng(v.toStringRef());
    rng >> data_rng_;
    torch::Tensor gen_state;
    ar.read("torch_cpu_rng", gen_state);
    {
      auto gen = at::detail::getDefaultCPUGenerator();
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_state(gen_state.cpu());
    }
    fake_b_pool_.load(ar, "fake_b_pool", config_.device);
    fake_a_pool_.load(ar, "fake_a_pool", config_.device);
    torch::serialize::InputArchive heads_a, heads_b;
    if (ar.try_read("d_a_features", heads_a) && ar.try_read("d_b_features", heads_b)) {
      if (!nets_.d_a_features)
        throw CheckpointError(Message{CYCLEGAN_MESSAGE("The training state has discriminators on pretrained features "
                                                       "that these settings leave out; resume with features_D=mobilenet_v2."), {}});
      nets_.d_a_features->load(heads_a);
      nets_.d_b_features->load(heads_b);
    } else if (nets_.d_a_features) {
      drop_feature_discriminators();
    }
    torch::serialize::InputArchive og, od;
    ar.read("optimizer_g", og);
    ar.read("optimizer_d", od);
    optimizer_g_->load(og);
    optimizer_d_->load(od);
    if (!moments_fit(*optimizer_g_) || !moments_fit(*optimizer_d_))
      throw CheckpointError(Message{CYCLEGAN_MESSAGE("The training state was saved by another LibTorch version, "
                                                     "whose optimizer state this one cannot read; the model still "
                                                     "translates, but training must start again without --resume "
                                                     "(into another file to keep this one)."), {}});
  } catch (const c10::Error& e) {
    throw CheckpointError(Message{CYCLEGAN_MESSAGE("The training state in the model file is damaged or from another "
                                                   "configuration (%s); train without --resume."),
                                  {e.what_without_backtrace()}});
  }
}

}  // namespace cyclegan
