// RankGroup on c10d: a TCPStore served by rank 0 for the rendezvous, ProcessGroupGloo for the
// collectives. Written against the calls LibTorch 1.13 and 2.x share (the store and process-group
// constructors, allreduce/broadcast returning a Work to wait on); the one 2.x-only store option
// is set through a trait.
#include "core/rank_group.h"

#include <chrono>
#include <cstdlib>
#include <type_traits>
#include <utility>

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include "base/errors.h"

namespace cyclegan {

namespace {

// LibTorch 2.4+ serves the store through libuv by default; the plain socket server of 1.13 is
// the one every build has.
template <typename T, typename = void>
struct HasLibUvOption : std::false_type {};
template <typename T>
struct HasLibUvOption<T, std::void_t<decltype(std::declval<T&>().useLibUV)>> : std::true_type {};

template <typename StoreOptions>
void use_plain_sockets(StoreOptions& options) {
  if constexpr (HasLibUvOption<StoreOptions>::value) options.useLibUV = false;
}

bool is_loopback(const std::string& address) {
  return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

// The network interface Gloo talks through: GLOO_SOCKET_IFNAME as in PyTorch, the loopback one
// for a single-machine job, otherwise the one this machine's host name resolves to.
std::shared_ptr<::gloo::transport::Device> transport_device(const std::string& master_addr) {
  if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface)
    return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
  if (is_loopback(master_addr)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

std::string seconds_text(double seconds) { return std::to_string(static_cast<long long>(seconds + 0.5)) + " s"; }

// The first line of a c10d/Gloo message (they carry a C++ stack trace after it).
std::string first_line(const std::exception& e) {
  std::string text = e.what();
  const size_t end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

struct RankGroup::Impl {
  RankSetup setup;
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

  template <typename Start>
  void wait_all(std::vector<torch::Tensor>& tensors, const std::string& what, Start start) {
    // Gloo here is the CPU transport: tensors elsewhere (a CUDA run) travel through host copies.
    std::vector<torch::Tensor> host;
    for (auto& t : tensors) host.push_back(t.device().is_cpu() && t.is_contiguous() ? t : t.cpu().contiguous());
    std::vector<c10::intrusive_ptr<c10d::Work>> works;
    try {
      for (auto& t : host) {
        std::vector<at::Tensor> one{t};
        works.push_back(start(one));
      }
      for (auto& w : works) w->wait();
      for (size_t i = 0; i < tensors.size(); ++i)
        if (!host[i].is_same(tensors[i])) tensors[i].copy_(host[i]);
    } catch (const std::exception& e) {
      throw Error("Rank " + std::to_string(setup.rank) + " lost the other ranks during " + what +
                  " (a rank stopped, was killed or was silent for more than " +
                  seconds_text(setup.timeout_seconds) + "): " + first_line(e));
    }
  }
};

bool RankGroup::available() { return true; }

RankGroup::RankGroup(const RankSetup& s) : impl_(std::make_unique<Impl>()) {
  impl_->setup = s;
  if (s.world_size < 1 || s.rank < 0 || s.rank >= s.world_size)
    throw InputError("Rank " + std::to_string(s.rank) + " is outside a job of " + std::to_string(s.world_size) +
                     " ranks.");
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(s.timeout_seconds * 1000));
  const std::string master = s.master_addr + ":" + std::to_string(s.master_port);
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(s.master_port);
    options.isServer = s.rank == 0;
    options.numWorkers = static_cast<std::size_t>(s.world_size);
    options.waitWorkers = true;  // rank 0 returns once every rank has reached it
    options.timeout = timeout;
    use_plain_sockets(options);
    impl_->store = c10::make_intrusive<c10d::TCPStore>(s.master_addr, options);
  } catch (const std::exception& e) {
    throw Error(s.rank == 0 ? "Rank 0 could not serve the rendezvous at " + master +
                                  " or not every one of the " + std::to_string(s.world_size) +
                                  " ranks reached it within " + seconds_text(s.timeout_seconds) + ": " + first_line(e)
                            : "Rank " + std::to_string(s.rank) + " could not reach the master at " + master +
                                  " within " + seconds_text(s.timeout_seconds) +
                                  " (check MASTER_ADDR/MASTER_PORT or --master, and that rank 0 runs): " +
                                  first_line(e));
  }
  try {
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    options->devices.push_back(transport_device(s.master_addr));
    options->threads = 2;  // Gloo's worker threads, as torch.distributed's default
    impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, s.rank, s.world_size, options);
  } catch (const std::exception& e) {
    throw Error("Rank " + std::to_string(s.rank) + " could not connect to the other ranks through " + master +
                ": " + first_line(e));
  }
}

RankGroup::~RankGroup() = default;

int RankGroup::rank() const { return impl_->setup.rank; }
int RankGroup::world_size() const { return impl_->setup.world_size; }

void RankGroup::sum(std::vector<torch::Tensor>& tensors) {
  impl_->wait_all(tensors, "the gradient sum", [this](std::vector<at::Tensor>& one) {
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::SUM;
    return impl_->group->allreduce(one, options);
  });
}

void RankGroup::max(std::vector<torch::Tensor>& tensors) {
  impl_->wait_all(tensors, "the stop decision", [this](std::vector<at::Tensor>& one) {
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::MAX;
    return impl_->group->allreduce(one, options);
  });
}

void RankGroup::broadcast(std::vector<torch::Tensor>& tensors, int root) {
  impl_->wait_all(tensors, "a broadcast from rank " + std::to_string(root),
                  [this, root](std::vector<at::Tensor>& one) {
                    c10d::BroadcastOptions options;
                    options.rootRank = root;
                    return impl_->group->broadcast(one, options);
                  });
}

}  // namespace cyclegan
