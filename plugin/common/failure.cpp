#include "plugin/common/failure.h"

#include <new>

#include "base/errors.h"
#include "plugin/common/i18n.h"

namespace cyclegan::plugin {

Failure describe_failure(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Cancelled&) {
    return {true, ""};
  } catch (const Error& e) {
    // The core's messages are English sentences that name the file. Those kept as a format and
    // arguments are in the catalog (CYCLEGAN_MESSAGE); the rest pass through as they are.
    return {false, translated(sentences_of(e))};
  } catch (const std::bad_alloc&) {
    return {false, _("Not enough memory: choose a smaller tile size (under Advanced) or a smaller "
                     "selection, or close other images.")};
  } catch (const std::exception& e) {
    // LibTorch's messages carry a stack trace after the first line: the user needs only the line.
    const std::string text = e.what();
    return {false, format(_("CycleGAN failed unexpectedly: %s"), text.substr(0, text.find('\n')).c_str())};
  } catch (...) {
    return {false, _("CycleGAN failed unexpectedly.")};
  }
}

}  // namespace cyclegan::plugin
