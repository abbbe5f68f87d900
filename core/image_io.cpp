// Image files <-> PixelBuffer through GdkPixbuf and GEGL.
//
// Who does what, and why:
//  - The format is sniffed from the first bytes, not trusted from the extension.
//  - JPEG: GdkPixbuf (8-bit is all JPEG has); it applies the EXIF orientation. libjpeg quietly
//    fills a truncated file with gray, so we check ourselves that the file reaches its EOI marker.
//  - PNG, TIFF: GdkPixbuf decodes first as a validator (its libpng/libtiff loaders report
//    truncation and corruption as errors, which GEGL only prints), then GEGL decodes the pixels
//    in their own format (gray stays gray, 16-bit stays 16-bit). GEGL ignores the TIFF
//    Orientation tag, so we read it (a few lines of TIFF parsing) and rotate ourselves.
//  - Embedded colour profiles of PNG and TIFF files are hidden from GEGL (embedded_profile.h):
//    babl crashes on damaged ones, and pixels keep the file's values either way.
//  - Sizes: a file's header is checked against max_image_pixels() before any decoder runs.
//  - WebP: Debian 12 ships no GdkPixbuf WebP loader by default, GEGL has one (webp-load). GEGL
//    does not report errors, so we check the RIFF container's size (truncation) and that
//    something was decoded. EXIF orientation in WebP is not applied (cameras do not write WebP).
//  - Writing: GEGL's png-save / jpg-save / tiff-save into a temporary file next to the target,
//    renamed over it once complete, so an existing file is never left half-written.
// GEGL is initialised once; its graphs run under one mutex (GEGL's loaders share GIO/libtiff
// state and we do not rely on their thread safety). GdkPixbuf decoding runs in parallel.
#include "core/image_io.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gegl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/bounded_read.h"
#include "base/errors.h"
#include "core/temporary_files.h"
#include "core/tiff_directory.h"
#include "core/embedded_profile.h"

namespace cyclegan {
namespace {

// Names of our temporaries: a hidden file beside an image being saved, a plain one in the
// system's temporary folder for a copy being decoded.
constexpr const char* kSavePrefix = ".cyclegan-";

enum class Format { Unknown, Jpeg, Png, Tiff, WebP };

std::mutex& gegl_mutex() {
  static std::mutex m;
  return m;
}

void ensure_gegl() {
  // gegl_init is idempotent (a GIMP plug-in may have called it already); call_once keeps two of
  // our threads from racing into it.
  static std::once_flag once;
  std::call_once(once, [] { gegl_init(nullptr, nullptr); });
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);  // the dot
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

// The largest file an image can be: uncompressed float RGBA at the pixel limit, plus metadata.
uint64_t max_image_file_bytes() { return max_image_pixels() * 16 + (uint64_t(16) << 20); }

std::string read_whole_file(const std::string& path) {
  return read_regular_file(path, "image", max_image_file_bytes());
}

Format sniff(const std::string& b) {
  auto starts = [&](const char* magic, size_t n) { return b.size() >= n && std::memcmp(b.data(), magic, n) == 0; };
  if (starts("\xFF\xD8\xFF", 3)) return Format::Jpeg;
  if (starts("\x89PNG\r\n\x1A\n", 8)) return Format::Png;
  if (starts("II*\0", 4) || starts("MM\0*", 4)) return Format::Tiff;
  if (b.size() >= 12 && starts("RIFF", 4) && std::memcmp(b.data() + 8, "WEBP", 4) == 0) return Format::WebP;
  return Format::Unknown;
}

unsigned be16(const std::string& b, size_t i) { return (unsigned(uint8_t(b[i])) << 8) | uint8_t(b[i + 1]); }

// Walks the JPEG segments up to the first scan (SOS) and returns the number of colour
// components of the frame (1 = gray) and its size; throws when the file ends before its EOI marker (a
// truncated download, which libjpeg would silently pad with gray).
int check_jpeg(const std::string& b, const std::string& path, uint64_t* width, uint64_t* height) {
  const InputError truncated(
      Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": the JPEG file is truncated or corrupt."), {path}});
  size_t i = 2;
  int components = 0;
  while (true) {
    while (i < b.size() && uint8_t(b[i]) == 0xFF) ++i;  // fill bytes before a marker
    if (i + 2 >= b.size()) throw truncated;
    const unsigned marker = uint8_t(b[i]);
    ++i;
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;  // no length
    if (marker == 0xD9) throw truncated;  // EOI before any scan
    const unsigned length = be16(b, i);
    if (length < 2 || i + length > b.size()) throw truncated;
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof && length >= 8) {
      components = uint8_t(b[i + 7]);
      *height = be16(b, i + 3);
      *width = be16(b, i + 5);
    }
    if (marker == 0xDA) {
      i += length;
      break;
    }
    i += length;
  }
  // Entropy-coded data escapes 0xFF as FF 00, so FF D9 after the first scan is the real EOI
  // (an EXIF thumbnail's EOI sits before the scan).
  for (size_t k = i; k + 1 < b.size(); ++k)
    if (uint8_t(b[k]) == 0xFF && uint8_t(b[k + 1]) == 0xD9) return components;
  throw truncated;
}

uint32_t le32(const std::string& b, size_t i) {
  return uint8_t(b[i]) | (uint32_t(uint8_t(b[i + 1])) << 8) | (uint32_t(uint8_t(b[i + 2])) << 16) |
         (uint32_t(uint8_t(b[i + 3])) << 24);
}

// The size a PNG, TIFF or WebP header declares (JPEG: check_jpeg), before any decoder allocates
// for it; false when the header is too short to say (the decoder then reports the damage).
bool declared_size(const std::string& b, Format format, uint64_t* width, uint64_t* height) {
  switch (format) {
    case Format::Png:  // IHDR is the first chunk: width and height, big-endian, at 16 and 20
      if (b.size() < 24) return false;
      *width = (uint64_t(be16(b, 16)) << 16) | be16(b, 18);
      *height = (uint64_t(be16(b, 20)) << 16) | be16(b, 22);
      return true;
    case Format::Tiff:
      *width = tiff_value(b, 256, 0);   // ImageWidth
      *height = tiff_value(b, 257, 0);  // ImageLength
      return true;
    case Format::WebP: {  // the first chunk after "RIFF....WEBP" says: extended, lossless or lossy
      if (b.size() < 30) return false;
      const std::string chunk = b.substr(12, 4);
      if (chunk == "VP8X") {
        *width = 1 + (le32(b, 24) & 0xFFFFFF);
        *height = 1 + (le32(b, 27) & 0xFFFFFF);
      } else if (chunk == "VP8L") {
        const uint32_t bits = le32(b, 21);
        *width = 1 + (bits & 0x3FFF);
        *height = 1 + ((bits >> 14) & 0x3FFF);
      } else if (chunk == "VP8 ") {
        *width = (uint8_t(b[26]) | (unsigned(uint8_t(b[27])) << 8)) & 0x3FFF;
        *height = (uint8_t(b[28]) | (unsigned(uint8_t(b[29])) << 8)) & 0x3FFF;
      } else {
        return false;
      }
      return true;
    }
    default:
      return false;
  }
}

void check_size_limit(uint64_t width, uint64_t height, const std::string& path) {
  if (width * height > max_image_pixels())
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": %s x %s pixels (%s megapixels) is more than "
                                              "the limit of %s megapixels (set CYCLEGAN_MAX_MEGAPIXELS to allow "
                                              "larger images)."),
                             {path, std::to_string(width), std::to_string(height),
                              megapixels_text(double(width) * height), megapixels_text(double(max_image_pixels()))}});
}

int tiff_orientation(const std::string& b) {
  const uint64_t value = tiff_value(b, 274, 1);  // Orientation
  return value >= 1 && value <= 8 ? int(value) : 1;
}

// Rotates/flips so the image is upright; `orientation` is the EXIF/TIFF value 1..8.
PixelBuffer apply_orientation(PixelBuffer in, int orientation) {
  if (orientation <= 1 || orientation > 8) return in;
  const int w = in.width, h = in.height, c = in.channels;
  const bool swap = orientation >= 5;
  PixelBuffer out;
  out.width = swap ? h : w;
  out.height = swap ? w : h;
  out.channels = c;
  out.data.resize(in.data.size());
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      int sx = x, sy = y;
      switch (orientation) {
        case 2: sx = w - 1 - x; break;                         // mirrored
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;         // rotated 180
        case 4: sy = h - 1 - y; break;                         // flipped vertically
        case 5: sx = y; sy = x; break;                         // transposed
        case 6: sx = y; sy = h - 1 - x; break;                 // needs 90 clockwise
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;         // transversed
        case 8: sx = w - 1 - y; sy = x; break;                 // needs 90 counter-clockwise
      }
      std::copy_n(&in.data[(size_t(sy) * w + sx) * c], c, &out.data[(size_t(y) * out.width + x) * c]);
    }
  }
  return out;
}

PixelBuffer from_pixbuf(GdkPixbuf* pixbuf) {
  PixelBuffer out;
  out.width = gdk_pixbuf_get_width(pixbuf);
  out.height = gdk_pixbuf_get_height(pixbuf);
  out.channels = gdk_pixbuf_get_n_channels(pixbuf);
  const int stride = gdk_pixbuf_get_rowstride(pixbuf);
  const guint8* pixels = gdk_pixbuf_read_pixels(pixbuf);
  out.data.resize(size_t(out.width) * out.height * out.channels);
  const size_t row = size_t(out.width) * out.channels;
  for (int y = 0; y < out.height; ++y)
    for (size_t i = 0; i < row; ++i) out.data[y * row + i] = pixels[size_t(y) * stride + i] / 255.0f;
  return out;
}

PixelBuffer load_jpeg(const std::string& bytes, const std::string& path) {
  uint64_t width = 0, height = 0;
  const int components = check_jpeg(bytes, path, &width, &height);
  check_size_limit(width, height, path);
  GdkPixbufLoader* loader = gdk_pixbuf_loader_new_with_type("jpeg", nullptr);
  GError* error = nullptr;
  bool ok = gdk_pixbuf_loader_write(loader, reinterpret_cast<const guchar*>(bytes.data()), bytes.size(), &error);
  ok = gdk_pixbuf_loader_close(loader, ok ? &error : nullptr) && ok;
  GdkPixbuf* raw = ok ? gdk_pixbuf_loader_get_pixbuf(loader) : nullptr;
  if (!raw) {
    std::string why = error ? error->message : "no image decoded";
    g_clear_error(&error);
    g_object_unref(loader);
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": %s."), {path, why}});
  }
  GdkPixbuf* upright = gdk_pixbuf_apply_embedded_orientation(raw);
  // JPEG has no alpha, but GdkPixbuf gives CMYK files an opaque one: drop it.
  PixelBuffer rgb = to_rgb_drop_alpha(from_pixbuf(upright));
  g_object_unref(upright);
  g_object_unref(loader);
  if (components != 1) return rgb;
  // A gray JPEG: GdkPixbuf expanded it to RGB with R = G = B; give back one channel.
  PixelBuffer gray;
  gray.width = rgb.width;
  gray.height = rgb.height;
  gray.channels = 1;
  gray.data.resize(size_t(rgb.width) * rgb.height);
  for (size_t i = 0; i < gray.data.size(); ++i) gray.data[i] = rgb.data[i * rgb.channels];
  return gray;
}

// GdkPixbuf's full (non-incremental) loaders turn libpng/libtiff errors into GError.
void validate_with_pixbuf(const std::string& path) {
  GError* error = nullptr;
  GdkPixbuf* pixbuf = gdk_pixbuf_new_from_file(path.c_str(), &error);
  if (!pixbuf) {
    std::string why = error ? error->message : "unknown error";
    g_clear_error(&error);
    throw InputError(
        Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\" (corrupt, truncated or unsupported): %s."), {path, why}});
  }
  g_object_unref(pixbuf);
}

// WebP is RIFF: bytes 4..7 hold the size of what follows; fewer bytes mean a truncated file.
void check_webp(const std::string& b, const std::string& path) {
  if (uint64_t(le32(b, 4)) + 8 > b.size())
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": the WebP file is truncated."), {path}});
}

// A copy of an image file in the system's temporary folder, removed with this object (or by
// the termination handlers, or by the next process when this one is killed outright).
class TemporaryCopy {
 public:
  explicit TemporaryCopy(const std::string& bytes) {
    const std::string folder = g_get_tmp_dir();
    remove_stale_temporaries_once(folder, kCopyPrefix);
    std::string name = folder + "/" + temporary_template(kCopyPrefix, ".img");
    const int fd = g_mkstemp(name.data());
    if (fd < 0)
      throw OutputError(
          Message{CYCLEGAN_MESSAGE("Cannot write a temporary copy of an image in the temporary folder."), {}});
    pending_ = std::make_unique<PendingTemporary>(name);
    const bool ok = write(fd, bytes.data(), bytes.size()) == ssize_t(bytes.size());
    close(fd);
    if (!ok)
      throw OutputError(
          Message{CYCLEGAN_MESSAGE("Cannot write a temporary copy of an image in the temporary folder (disk "
                                   "full?)."),
                  {}});
  }
  const std::string& path() const { return pending_->path(); }

 private:
  static constexpr const char* kCopyPrefix = "cyclegan-decode-";
  std::unique_ptr<PendingTemporary> pending_;
};

// `operation`: the loader for the sniffed format (gegl:load would choose by the extension, and
// a PNG named .jpg is common on the web). `without_profile`: the file's bytes with its colour
// profile hidden (embedded_profile.h), decoded instead of `path` when not empty; messages
// still name `path`.
PixelBuffer load_with_gegl(const std::string& path, const char* operation, int* bit_depth,
                           const std::string& without_profile = "") {
  std::unique_ptr<TemporaryCopy> copy;
  if (!without_profile.empty()) copy = std::make_unique<TemporaryCopy>(without_profile);
  const std::string& source = copy ? copy->path() : path;
  ensure_gegl();
  std::lock_guard<std::mutex> lock(gegl_mutex());
  GeglNode* graph = gegl_node_new();
  GeglBuffer* buffer = nullptr;
  GeglNode* load = gegl_node_new_child(graph, "operation", operation, "path", source.c_str(), nullptr);
  GeglNode* sink = gegl_node_new_child(graph, "operation", "gegl:buffer-sink", "buffer", &buffer, nullptr);
  gegl_node_link(load, sink);
  gegl_node_process(sink);
  g_object_unref(graph);
  if (!buffer) throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": no image could be decoded."), {path}});
  const GeglRectangle extent = *gegl_buffer_get_extent(buffer);
  const Babl* native = gegl_buffer_get_format(buffer);
  if (extent.width <= 0 || extent.height <= 0) {
    g_object_unref(buffer);
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": no image could be decoded."), {path}});
  }
  if (bit_depth) {
    const std::string type = babl_get_name(babl_format_get_type(native, 0));
    *bit_depth = type == "u8" ? 8 : type == "u16" ? 16 : 32;  // u32, half, float, double
  }
  const int components = babl_format_get_n_components(native);
  const bool alpha = babl_format_has_alpha(native);
  const bool gray = (components - (alpha ? 1 : 0)) == 1;
  const char* name = gray ? (alpha ? "Y'A float" : "Y' float") : (alpha ? "R'G'B'A float" : "R'G'B' float");
  PixelBuffer out;
  out.width = extent.width;
  out.height = extent.height;
  out.channels = (gray ? 1 : 3) + (alpha ? 1 : 0);
  out.data.resize(size_t(out.width) * out.height * out.channels);
  // Same colour space as the file (no conversion): only the sample type and the sRGB TRC change.
  const Babl* format = babl_format_with_space(name, native);
  gegl_buffer_get(buffer, &extent, 1.0, format, out.data.data(), GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return out;
}

}  // namespace

PixelBuffer load_image(const std::string& path, int* stored_bit_depth) {
  int ignored = 8;
  int* bit_depth = stored_bit_depth ? stored_bit_depth : &ignored;
  *bit_depth = 8;
  const std::string bytes = read_whole_file(path);
  if (bytes.empty())
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": the file is empty (0 bytes)."), {path}});
  const Format format = sniff(bytes);
  uint64_t width = 0, height = 0;
  if (declared_size(bytes, format, &width, &height)) check_size_limit(width, height, path);
  switch (format) {
    case Format::Jpeg:
      return load_jpeg(bytes, path);
    case Format::Png:
      validate_with_pixbuf(path);
      return load_with_gegl(path, "gegl:png-load", bit_depth, without_embedded_profile_png(bytes));
    case Format::Tiff:
      // GdkPixbuf's TIFF loader cannot read float samples (SampleFormat 3): GEGL alone then.
      if (tiff_value(bytes, 339, 1) != 3) validate_with_pixbuf(path);  // SampleFormat 3: float
      return apply_orientation(load_with_gegl(path, "gegl:tiff-load", bit_depth, without_embedded_profile_tiff(bytes)),
                               tiff_orientation(bytes));
    case Format::WebP:
      check_webp(bytes, path);
      return load_with_gegl(path, "gegl:webp-load", nullptr);  // WebP is 8-bit
    case Format::Unknown:
      break;
  }
  throw InputError(Message{CYCLEGAN_MESSAGE("Cannot read image \"%s\": it is not an image in a supported format (%s)."),
                           {path, readable_formats()}});
}

bool has_image_extension(const std::string& path) {
  static const char* const kExtensions[] = {"jpg", "jpeg", "jpe", "png", "webp", "tif", "tiff"};
  const std::string ext = lower_extension(path);
  for (const char* e : kExtensions)
    if (ext == e) return true;
  return false;
}

bool has_writable_image_extension(const std::string& path) {
  const std::string ext = lower_extension(path);
  return ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "tif" || ext == "tiff";
}

const char* readable_formats() { return "JPEG, PNG, WebP, TIFF"; }

namespace {

// A copy clamped to 0..1, as every writer stores only that range (bicubic overshoot, network
// outputs slightly past the ends).
std::vector<float> clamped(const PixelBuffer& image) {
  std::vector<float> data(image.data);
  for (float& v : data) v = std::min(1.0f, std::max(0.0f, v));
  return data;
}

// What a complete file of this kind ends with; a full disk leaves a shorter file.
bool looks_complete(const std::string& path, const std::string& ext) {
  std::string bytes;
  try {
    bytes = read_whole_file(path);
  } catch (const InputError&) {
    return false;
  }
  if (bytes.size() < 8) return false;
  if (ext == "png") return bytes.compare(bytes.size() - 8, 4, "IEND") == 0;
  if (ext == "jpg" || ext == "jpeg") return uint8_t(bytes[bytes.size() - 2]) == 0xFF && uint8_t(bytes.back()) == 0xD9;
  return true;
}

}  // namespace

void save_image(const PixelBuffer& image, const std::string& path, int bit_depth) {
  const std::string ext = lower_extension(path);
  const bool png = ext == "png", jpeg = ext == "jpg" || ext == "jpeg", tiff = ext == "tif" || ext == "tiff";
  if (!has_writable_image_extension(path))
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot write \"%s\": use a .png, .jpg or .tif file name."), {path}});
  if (!(bit_depth == 8 || ((png || tiff) && bit_depth == 16) || (tiff && bit_depth == 32)))
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot write \"%s\" with %s bits per sample: PNG takes 8 or 16, TIFF "
                                              "8, 16 or 32, JPEG 8."),
                             {path, std::to_string(bit_depth)}});
  if (image.width <= 0 || image.height <= 0 || image.channels < 1 || image.channels > 4 ||
      image.data.size() != size_t(image.width) * image.height * image.channels)
    throw InputError(Message{CYCLEGAN_MESSAGE("Cannot write \"%s\": the image is empty or malformed."), {path}});

  // A temporary file in the target's folder (same file system, so the rename is atomic).
  gchar* dir = g_path_get_dirname(path.c_str());
  const std::string folder = dir;
  g_free(dir);
  remove_stale_temporaries_once(folder, kSavePrefix);
  std::string tmp = folder + "/" + temporary_template(kSavePrefix, "." + ext);
  const int fd = g_mkstemp(tmp.data());
  if (fd < 0)
    throw OutputError(Message{CYCLEGAN_MESSAGE("Cannot write \"%s\": %s."), {path, std::strerror(errno)}});
  PendingTemporary pending(tmp);
  // mkstemp creates the file private (0600); give it the permissions a plain new file gets.
  static const mode_t kUmask = [] {
    const mode_t m = umask(0);
    umask(m);
    return m;
  }();
  fchmod(fd, 0666 & ~kUmask);
  close(fd);
  const std::string& tmp_path = pending.path();

  ensure_gegl();
  const char* names[] = {"Y' float", "Y'A float", "R'G'B' float", "R'G'B'A float"};
  const Babl* format = babl_format(names[image.channels - 1]);
  std::vector<float> data = clamped(image);
  {
    std::lock_guard<std::mutex> lock(gegl_mutex());
    const GeglRectangle extent = {0, 0, image.width, image.height};
    GeglBuffer* buffer = gegl_buffer_new(&extent, format);
    gegl_buffer_set(buffer, &extent, 0, format, data.data(), GEGL_AUTO_ROWSTRIDE);
    GeglNode* graph = gegl_node_new();
    GeglNode* source = gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, nullptr);
    GeglNode* save = nullptr;
    if (png)
      save = gegl_node_new_child(graph, "operation", "gegl:png-save", "path", tmp_path.c_str(), "bitdepth",
                                 bit_depth, "compression", 6, nullptr);
    else if (jpeg)
      // Quality 95: visually lossless, for results a user keeps.
      save = gegl_node_new_child(graph, "operation", "gegl:jpg-save", "path", tmp_path.c_str(), "quality", 95,
                                 nullptr);
    else
      save = gegl_node_new_child(graph, "operation", "gegl:tiff-save", "path", tmp_path.c_str(), "bitdepth",
                                 bit_depth, "fp", bit_depth == 32 ? 1 : 0, nullptr);
    gegl_node_link(source, save);
    gegl_node_process(save);
    g_object_unref(graph);
    g_object_unref(buffer);
  }
  if (!looks_complete(tmp_path, ext))
    throw OutputError(Message{CYCLEGAN_MESSAGE("Cannot write \"%s\": the file could not be written completely (disk "
                                               "full?)."),
                              {path}});
  replace_with_temporary(tmp_path, path);
  pending.release();
}

PixelBuffer to_rgb_drop_alpha(const PixelBuffer& image) {
  if (image.channels == 3) return image;
  PixelBuffer out;
  out.width = image.width;
  out.height = image.height;
  out.channels = 3;
  const size_t n = size_t(image.width) * image.height;
  out.data.resize(n * 3);
  const int c = image.channels;
  const bool gray = image.color_channels() == 1;
  for (size_t i = 0; i < n; ++i)
    for (int k = 0; k < 3; ++k) out.data[i * 3 + k] = image.data[i * c + (gray ? 0 : k)];
  return out;
}

// Transparent parts of training images hold whatever colour the exporting program left there
// (often black); compositing over white gives the picture the user sees in a viewer or on a web
// page, so the network does not learn hidden colours. (The official code's PIL
// convert('RGB') drops alpha instead and exposes those hidden colours.) Compositing is done on
// the sRGB-encoded values, as GIMP's "Remove Alpha Channel" and web browsers do.
PixelBuffer to_rgb_over_white(const PixelBuffer& image) {
  PixelBuffer out = to_rgb_drop_alpha(image);
  if (!image.has_alpha()) return out;
  const size_t n = size_t(image.width) * image.height;
  const int c = image.channels;
  for (size_t i = 0; i < n; ++i) {
    const float a = std::min(1.0f, std::max(0.0f, image.data[i * c + c - 1]));
    for (int k = 0; k < 3; ++k) out.data[i * 3 + k] = out.data[i * 3 + k] * a + (1.0f - a);
  }
  return out;
}

}  // namespace cyclegan
