// The exceptions that models/, core/ and the front ends share: the bottom layer, which includes
// nothing of ours, so no include runs upward. Each message is one sentence a user can act on,
// naming the file or object concerned; front ends (CLI, GIMP plug-in) catch `Error` at exactly
// one place and show `what()`. No LibTorch types here: plugin/ includes this header.
// Messages a GIMP user meets often (model files, image files, folders) also keep their format and
// arguments apart (Message), so the plug-in can show them in the user's language.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cyclegan {

// Marks a message format for xgettext (po/meson.build passes --keyword=CYCLEGAN_MESSAGE), so the
// plug-in's catalog carries it; the text itself is unchanged.
#define CYCLEGAN_MESSAGE(text) text

// An English sentence whose variable parts (file names, counts, the system's reason) are kept
// apart: `format` holds %s for each argument, in order, or %1$s, %2$s ... where a translation
// needs another order.
struct Message {
  const char* format = "";
  std::vector<std::string> args;
};

// `format` with its %s / %N$s replaced by `args` ("%%" is a percent sign).
inline std::string fill_message(const std::string& format, const std::vector<std::string>& args) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 >= format.size()) {
      out += format[i];
      continue;
    }
    if (format[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    size_t end = i + 1, index = next++;
    if (format[end] >= '1' && format[end] <= '9') {
      char* after = nullptr;
      const unsigned long n = std::strtoul(format.c_str() + end, &after, 10);
      const size_t stop = static_cast<size_t>(after - format.c_str());
      if (stop < format.size() && format[stop] == '$') {
        index = n - 1;
        end = stop + 1;
      }
    }
    if (end < format.size() && format[end] == 's') {
      if (index < args.size()) out += args[index];
      i = end;
    } else {
      out += format[i];
    }
  }
  return out;
}

// Sentences, each made into text by `fill` (fill_message for English, a catalog lookup for the
// user's language), joined by spaces.
template <typename Fill>
std::string join_sentences(const std::vector<Message>& sentences, Fill fill) {
  std::string text;
  for (const Message& m : sentences) text += (text.empty() ? "" : " ") + fill(m);
  return text;
}

// The sentences in English, as the core wrote them.
inline std::string english(const std::vector<Message>& sentences) {
  return join_sentences(sentences, [](const Message& m) { return fill_message(m.format, m.args); });
}

// Base of everything we throw on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  explicit Error(Message message) : Error(std::vector<Message>{std::move(message)}) {}
  explicit Error(std::vector<Message> sentences)
      : std::runtime_error(english(sentences)), sentences_(std::move(sentences)) {}
  // What what() was made of; empty for errors built as plain text.
  const std::vector<Message>& sentences() const { return sentences_; }

 private:
  std::vector<Message> sentences_;
};

// What an error says as sentences, also when it was built as plain text (then that text is the
// only argument of one sentence, and the front end shows it as it is).
inline std::vector<Message> sentences_of(const Error& error) {
  if (!error.sentences().empty()) return error.sentences();
  return {Message{"%s", {error.what()}}};
}

// The user's input is unusable: images, folders, options, layers.
class InputError : public Error {
 public:
  using Error::Error;
};

// A model or checkpoint file is missing, corrupt, of the wrong kind or from a newer version.
class CheckpointError : public Error {
 public:
  using Error::Error;
};

// Writing a file failed (unwritable folder, disk full); the previous file is left intact.
class OutputError : public Error {
 public:
  using Error::Error;
};

// Whether `e` is an allocation failure: std::bad_alloc, or LibTorch's allocator failing (it
// throws c10::Error, whose message has these words, on CPU and on CUDA).
inline bool is_out_of_memory(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return true;
  const std::string m = e.what();
  return m.find("can't allocate memory") != std::string::npos || m.find("out of memory") != std::string::npos;
}

// The user cancelled (Cancel button, Ctrl-C). Not a failure: callers stop quietly.
class Cancelled : public Error {
 public:
  Cancelled() : Error("Cancelled by the user.") {}
};

}  // namespace cyclegan
