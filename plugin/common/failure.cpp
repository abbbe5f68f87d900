#include "plugin/common/failure.h"

#include <new>

#include "core/errors.h"
#include "plugin/common/i18n.h"

namespace cyclegan::plugin {

Failure describe_failure(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Cancelled&) {
    return {true, ""};
  } catch (const Error& e) {
    // The core's messages are English sentences that name the file; they pass through as they are.
    return {false, e.what()};
  } catch (const std::bad_alloc&) {
    return {false, _("Not enough memory: choose a smaller tile size (under Advanced) or a smaller "
                     "selection, or close other images.")};
  } catch (const std::exception& e) {
    return {false, format(_("CycleGAN failed unexpectedly: %s"), e.what())};
  } catch (...) {
    return {false, _("CycleGAN failed unexpectedly.")};
  }
}

}  // namespace cyclegan::plugin
