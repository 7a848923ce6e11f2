#include "labelstation/io/pcd.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <exception>
#include <optional>
#include <thread>

#include "cloud_decode.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "lzf.h"

namespace labelstation::io {
namespace {

using namespace detail;

constexpr std::size_t kHeaderProbe = 4096;           // first read: the whole header in practice
constexpr std::size_t kMaxHeader = 4 * 1024 * 1024;  // give up looking for DATA after this
constexpr std::size_t kChunkBytes = 256 * 1024;      // binary payload is converted in L2-sized chunks
constexpr std::size_t kMapBytes = 1 << 20;           // binary payloads this large are memory-mapped
constexpr std::size_t kParallelBytes = 2 << 20;      // binary payloads this large use two threads

// ---- header ----

enum class Data { Ascii, Binary, Compressed };

struct Field {
  std::string name;
  std::size_t size = 4, count = 1, offset = 0;  // offset: bytes into a binary record
  char type = 'F';
  Kind kind = Kind::F32;
};

struct Header {
  std::vector<Field> fields;
  std::size_t recordSize = 0;   // binary bytes per point, padding included
  std::size_t points = 0;
  std::uint32_t width = 0, height = 0;
  std::array<double, 7> viewpoint{0, 0, 0, 1, 0, 0, 0};
  Data data = Data::Ascii;
  std::string dataName;
  std::size_t dataOffset = 0;
  std::size_t headerLines = 0;  // lines up to and including DATA
};

std::vector<std::string_view> tokenize(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isBlank(line[i])) ++i;
    if (i == line.size()) break;
    std::size_t j = i;
    while (j < line.size() && !isBlank(line[j])) ++j;
    if (line[i] == '#') break;  // a trailing comment
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<Kind> kindOf(char type, std::size_t size) {
  switch (type) {
    case 'I': return size == 1 ? Kind::I8 : size == 2 ? Kind::I16 : size == 4 ? Kind::I32 : size == 8 ? Kind::I64 : std::optional<Kind>();
    case 'U': return size == 1 ? Kind::U8 : size == 2 ? Kind::U16 : size == 4 ? Kind::U32 : size == 8 ? Kind::U64 : std::optional<Kind>();
    case 'F': return size == 4 ? Kind::F32 : size == 8 ? Kind::F64 : std::optional<Kind>();
    default: return std::nullopt;
  }
}

// Parses the header in `text`. Returns nothing when no DATA line was found and `complete` is false
// (the caller offers more bytes).
std::optional<Header> parseHeader(std::string_view text, bool complete, const std::string& name) {
  std::vector<std::string_view> names, sizes, types, counts;
  std::optional<std::size_t> points;
  std::optional<std::uint32_t> width, height;
  Header h;
  std::size_t pos = 0, lineNo = 0;
  bool found = false;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos && !complete) return std::nullopt;  // the line may go on
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    const std::string_view line = text.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++lineNo;
    const auto tok = tokenize(line);
    if (tok.empty()) continue;
    const std::string_view key = tok[0];
    const std::vector<std::string_view> args(tok.begin() + 1, tok.end());
    const std::string where = "header line " + std::to_string(lineNo) + " (" + printable(key, 40) + ")";
    auto uint32Arg = [&]() {
      std::uint32_t v = 0;
      if (args.size() != 1 || !parseNumber(args[0], v)) fail(name, where + ": expected one unsigned 32-bit number");
      return v;
    };
    if (key == "VERSION") {
      continue;
    } else if (key == "FIELDS" || key == "COLUMNS") {
      if (args.empty()) fail(name, where + ": names no field");
      names = args;
    } else if (key == "SIZE") {
      sizes = args;
    } else if (key == "TYPE") {
      types = args;
    } else if (key == "COUNT") {
      counts = args;
    } else if (key == "WIDTH") {
      width = uint32Arg();
    } else if (key == "HEIGHT") {
      height = uint32Arg();
    } else if (key == "VIEWPOINT") {
      if (args.size() != 7) fail(name, where + ": needs 7 numbers (tx ty tz qw qx qy qz)");
      for (int i = 0; i < 7; ++i)
        if (!parseNumber(args[i], h.viewpoint[i])) fail(name, where + ": '" + printable(args[i], 40) + "' is not a number");
    } else if (key == "POINTS") {
      std::size_t v = 0;
      if (args.size() != 1 || !parseNumber(args[0], v)) fail(name, where + ": expected one unsigned number");
      points = v;
    } else if (key == "DATA") {
      if (args.size() != 1) fail(name, where + ": expected ascii, binary or binary_compressed");
      h.dataName = std::string(args[0]);
      if (args[0] == "ascii") h.data = Data::Ascii;
      else if (args[0] == "binary") h.data = Data::Binary;
      else if (args[0] == "binary_compressed") h.data = Data::Compressed;
      else fail(name, where + ": unknown encoding '" + printable(h.dataName, 40) + "' (expected ascii, binary or binary_compressed)");
      h.dataOffset = pos;
      h.headerLines = lineNo;
      found = true;
      break;
    } else {
      fail(name, "not a PCD header: unexpected line " + std::to_string(lineNo) + " starting with '" + printable(key, 40) + "'");
    }
  }
  if (!found) {
    if (!complete) return std::nullopt;
    fail(name, text.empty() ? "empty file" : "no DATA line: the PCD header is incomplete or this is not a PCD file");
  }

  if (names.empty()) fail(name, "the header has no FIELDS line");
  const std::size_t n = names.size();
  auto checkCount = [&](const std::vector<std::string_view>& v, const char* key) {
    if (!v.empty() && v.size() != n)
      fail(name, std::string(key) + " lists " + std::to_string(v.size()) + " values for " + std::to_string(n) + " FIELDS");
  };
  checkCount(sizes, "SIZE");
  checkCount(types, "TYPE");
  checkCount(counts, "COUNT");
  for (std::size_t i = 0; i < n; ++i) {
    Field f;
    f.name = std::string(names[i]);
    const std::string field = printable(f.name, 40);
    if (!sizes.empty() && !parseNumber(sizes[i], f.size))
      fail(name, "SIZE '" + printable(sizes[i], 40) + "' of field '" + field + "' is not a number");
    if (!types.empty()) {
      if (types[i].size() != 1) fail(name, "unknown TYPE '" + printable(types[i], 40) + "' for field '" + field + "' (expected I, U or F)");
      f.type = types[i][0];
    }
    if (!counts.empty() && !parseNumber(counts[i], f.count))
      fail(name, "COUNT '" + printable(counts[i], 40) + "' of field '" + field + "' is not a number");
    if (f.count == 0) fail(name, "COUNT 0 for field '" + field + "': every field needs at least one value");
    if (f.type != 'I' && f.type != 'U' && f.type != 'F')
      fail(name, "unknown TYPE '" + printable(std::string_view(&f.type, 1)) + "' for field '" + field + "' (expected I, U or F)");
    const auto kind = kindOf(f.type, f.size);
    if (!kind)
      fail(name, "SIZE " + std::to_string(f.size) + " does not match TYPE " + f.type + " for field '" + field +
                     "' (I and U take 1, 2, 4 or 8 bytes, F takes 4 or 8)");
    f.kind = *kind;
    f.offset = h.recordSize;
    h.recordSize = addChecked(h.recordSize, mulChecked(f.size, f.count, name, "SIZE × COUNT"), name, "the point size");
    h.fields.push_back(std::move(f));
  }

  // WIDTH / HEIGHT / POINTS as PCL reconciles them; a disagreement is an error, as in PCL.
  if (!points && !width) fail(name, "the header has neither POINTS nor WIDTH");
  const std::uint32_t w = width ? *width : static_cast<std::uint32_t>(std::min<std::size_t>(*points, UINT32_MAX));
  const std::uint32_t hh = height ? *height : 1;
  const std::size_t product = static_cast<std::size_t>(w) * hh;
  if (!points) points = product;
  if (product != *points)
    fail(name, "POINTS " + std::to_string(*points) + " disagrees with WIDTH " + std::to_string(w) + " × HEIGHT " +
                   std::to_string(hh) + " = " + std::to_string(product));
  h.points = *points;
  h.width = w;
  h.height = hh;
  return h;
}

// ---- field → channel mapping ----

enum class Dest : std::uint8_t { X, Y, Z, Intensity, Rgb, Extra };
enum class TokenKind : std::uint8_t { Skip, Float, Double, RgbFloat, RgbInt };

struct Column {
  Dest dest = Dest::Extra;
  std::size_t extra = 0;  // index into PointCloud::extra
  Kind kind = Kind::F32;
  std::size_t recordOffset = 0;               // binary
  std::size_t planeOffset = 0, planeStride = 0;  // binary_compressed
  std::size_t token = 0;                      // ascii
  double shift = 0.0;                         // the origin, for x / y / z
};

struct Layout {
  std::vector<Column> columns;
  int axis[3] = {-1, -1, -1};          // column of x, y, z
  std::vector<TokenKind> tokens;       // ascii: how to parse each value of a row
  std::vector<std::string> tokenNames;
};

// `available`: the bytes after the header (for binary_compressed, what they can expand to).
Layout planLayout(const Header& h, PointCloud& cloud, const std::string& name, std::size_t available) {
  // COUNT may declare millions of values per point: no more than the data can hold (a binary
  // value takes at least one byte, an ascii one two), or than a header of points with no data
  // reasonably lists.
  std::size_t values = 0;
  for (const Field& f : h.fields) values = addChecked(values, f.count, name, "the values per point");
  const std::size_t perValue = h.data == Data::Ascii ? 2 : 1;
  if (values > 4096 && values > available / perValue / std::max<std::size_t>(h.points, 1))
    fail(name, "the header declares " + std::to_string(values) + " values per point, more than the " +
                   std::to_string(available) + " bytes of data can hold for " + std::to_string(h.points) + " points");
  Layout lay;
  bool haveIntensity = false, haveRgb = false;
  std::size_t planeOffset = 0;
  ChannelNames names;  // extra channels: a repeated name gets _2, _3, …
  for (const Field& f : h.fields) {
    const std::size_t bytes = f.size * f.count;  // checked in parseHeader
    if (f.name == "_") {
      for (std::size_t c = 0; c < f.count; ++c) {
        lay.tokens.push_back(TokenKind::Skip);
        lay.tokenNames.push_back(f.name);
      }
      continue;  // padding: not stored in compressed planes
    }
    for (std::size_t c = 0; c < f.count; ++c) {
      Column col;
      col.kind = f.kind;
      col.recordOffset = f.offset + c * f.size;
      col.planeOffset = planeOffset + c * f.size;  // used only once POINTS × point size is checked
      col.planeStride = bytes;
      col.token = lay.tokens.size();
      TokenKind tk = f.kind == Kind::F32 ? TokenKind::Float : TokenKind::Double;
      const int axis = f.count != 1 ? -1 : equalsNoCase(f.name, "x") ? 0 : equalsNoCase(f.name, "y") ? 1 : equalsNoCase(f.name, "z") ? 2 : -1;
      if (axis >= 0 && lay.axis[axis] < 0) {
        col.dest = static_cast<Dest>(axis);
        lay.axis[axis] = static_cast<int>(lay.columns.size());
        if (f.kind != Kind::F32) tk = TokenKind::Double;
      } else if (f.count == 1 && !haveIntensity &&
                 (equalsNoCase(f.name, "intensity") || equalsNoCase(f.name, "i") ||
                  equalsNoCase(f.name, "reflectance") || equalsNoCase(f.name, "remission"))) {
        col.dest = Dest::Intensity;
        haveIntensity = true;
      } else if (f.count == 1 && f.size == 4 && !haveRgb && (f.name == "rgb" || f.name == "rgba")) {
        col.dest = Dest::Rgb;
        haveRgb = true;
        tk = f.type == 'F' ? TokenKind::RgbFloat : TokenKind::RgbInt;
      } else {
        col.dest = Dest::Extra;
        col.extra = cloud.extra.size();
        cloud.extra.push_back({names.unique(f.count == 1 ? f.name : f.name + "_" + std::to_string(c)), {}});
      }
      lay.tokens.push_back(tk);
      lay.tokenNames.push_back(f.name);
      lay.columns.push_back(col);
    }
    planeOffset += h.points * bytes;
  }
  for (int a = 0; a < 3; ++a)
    if (lay.axis[a] < 0) fail(name, std::string("the cloud has no '") + "xyz"[a] + "' field (FIELDS must include x y z)");
  return lay;
}

FloatChannel& floatTarget(PointCloud& cloud, const Column& col) {
  switch (col.dest) {
    case Dest::X: return cloud.x;
    case Dest::Y: return cloud.y;
    case Dest::Z: return cloud.z;
    case Dest::Intensity: return cloud.intensity;
    default: return cloud.extra[col.extra].values;
  }
}

// Sizes every channel to n points, uninitialised: the decoders then write each value once.
void resizeAll(PointCloud& cloud, const Layout& lay, std::size_t n) {
  for (const Column& col : lay.columns) {
    if (col.dest == Dest::Rgb) cloud.rgb.resize(n);
    else floatTarget(cloud, col).resize(n);
  }
}

void reserveAll(PointCloud& cloud, const Layout& lay, std::size_t n) {
  for (const Column& col : lay.columns) {
    if (col.dest == Dest::Rgb) cloud.rgb.reserve(n);
    else floatTarget(cloud, col).reserve(n);
  }
}

// x, y and z get the cloud's origin; extra channels of types wider than a float's 24-bit mantissa
// get an offset by the same rule, so large timestamps and ids keep their precision.
bool takesOffset(const Column& col) {
  if (col.dest <= Dest::Z) return true;
  return col.dest == Dest::Extra && isWide(col.kind);
}

void setOffset(PointCloud& cloud, Column& col, double offset) {
  col.shift = offset;
  if (col.dest <= Dest::Z) cloud.origin[static_cast<int>(col.dest)] = offset;
  else cloud.extra[col.extra].offset = offset;
}

// Converts k values of one column (the first at p, `stride` bytes apart) into points
// [start, start + k) of its channel; for x, y and z also notes in `bad` the indices whose value is
// not finite (checked while the values are in cache).
void convertColumn(PointCloud& cloud, const Column& col, const unsigned char* p, std::size_t stride, std::size_t start,
                   std::size_t k, std::vector<std::size_t>& bad) {
  if (col.dest == Dest::Rgb) {
    convertRgb(cloud.rgb.data() + start, p, stride, k);
    return;
  }
  float* out = floatTarget(cloud, col).data() + start;
  convertFloats(out, col.kind, p, stride, k, col.shift);
  if (col.dest <= Dest::Z && anyNonFinite(out, k))
    for (std::size_t i = 0; i < k; ++i)
      if (!std::isfinite(out[i])) bad.push_back(start + i);
}

// Binary: the bytes in memory, a large file's memory map (under the SIGBUS guard), or a small file
// read in L2-sized pieces with positioned reads, converted column by column with
// strided copies (no per-point dispatch) one L2-sized run of points at a time. Large payloads are
// split in two halves of points, one per thread, so each record is read from memory once.
void decodeBinary(Source& src, const Header& h, const std::string& name, PointCloud& cloud, Layout& lay,
                  std::vector<std::size_t>& bad) {
  const std::size_t n = h.points, rec = h.recordSize, available = src.size() - h.dataOffset;
  if (n > available / rec)
    fail(name, "truncated: the header promises " + std::to_string(n) + " points of " + std::to_string(rec) +
                   " bytes but only " + std::to_string(available) + " bytes of data follow it");
  resizeAll(cloud, lay, n);
  const std::size_t chunk = std::max<std::size_t>(1, kChunkBytes / rec);
  // Bytes in memory are used in place; a large file is memory-mapped and read under the SIGBUS
  // guard (see cloud_decode.h); a small one is read chunk by chunk (pread into an L2-sized buffer).
  const unsigned char* map = !src.direct() && n * rec >= kMapBytes ? src.mapped() : nullptr;
  const unsigned char* mapped = src.direct() ? src.view(h.dataOffset, n * rec) : map ? map + h.dataOffset : nullptr;
  auto guarded = [&](auto&& f) {
    if (map) readingMapped(map, src.size(), name, f);
    else f();
  };
  {
    const std::size_t m = std::min(n, kOriginSample);
    Scratch scratch;
    const unsigned char* first = mapped ? mapped : src.read(h.dataOffset, m * rec, scratch);
    guarded([&] {
      for (Column& col : lay.columns)
        if (takesOffset(col))
          setOffset(cloud, col, chooseOrigin(m, [&](std::size_t i) { return rawValue(col.kind, first + i * rec + col.recordOffset); }));
    });
  }
  auto work = [&](std::size_t begin, std::size_t end, std::vector<std::size_t>& invalid) {
    if (mapped) {
      guarded([&] {
        for (std::size_t start = begin; start < end; start += chunk) {
          const std::size_t k = std::min(chunk, end - start);
          for (const Column& col : lay.columns) convertColumn(cloud, col, mapped + start * rec + col.recordOffset, rec, start, k, invalid);
        }
      });
      return;
    }
    Scratch scratch;
    for (std::size_t start = begin; start < end; start += chunk) {
      const std::size_t k = std::min(chunk, end - start);
      const unsigned char* base = src.read(h.dataOffset + start * rec, k * rec, scratch);
      for (const Column& col : lay.columns) convertColumn(cloud, col, base + col.recordOffset, rec, start, k, invalid);
    }
  };
  if (n * rec < kParallelBytes) {
    work(0, n, bad);
    return;
  }
  const std::size_t half = n / 2;
  std::vector<std::size_t> bad2;
  std::exception_ptr error;
  std::thread helper([&] {
    try {
      work(half, n, bad2);
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    work(0, half, bad);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (error) std::rethrow_exception(error);
  bad.insert(bad.end(), bad2.begin(), bad2.end());
}

// binary_compressed: the LZF stream is decoded into a small sliding window and every value is
// converted into its channel as soon as it is complete, so the uncompressed block is never held
// whole (no large temporary, no extra pass over memory).
void decodeCompressed(Source& src, const Header& h, const std::string& name, PointCloud& cloud, Layout& lay,
                      std::vector<std::size_t>& bad) {
  const std::size_t available = src.size() - h.dataOffset, n = h.points;
  if (available < 8) fail(name, "truncated: the binary_compressed size fields are missing");
  std::uint32_t sizes[2];
  std::memcpy(sizes, src.view(h.dataOffset, 8), 8);
  const std::size_t compressed = sizes[0], uncompressed = sizes[1];
  std::size_t planeBytes = 0;
  for (const Field& f : h.fields)
    if (f.name != "_") planeBytes += f.size * f.count;
  const std::size_t expected = mulChecked(n, planeBytes, name, "POINTS × point size");
  if (compressed > available - 8)
    fail(name, "truncated: the compressed block is " + std::to_string(compressed) + " bytes but only " +
                   std::to_string(available - 8) + " bytes follow its size fields");
  if (uncompressed != expected)
    fail(name, "the uncompressed size " + std::to_string(uncompressed) + " does not match POINTS × point size = " +
                   std::to_string(expected));
  if (uncompressed / lzf::maxExpansion > compressed)
    fail(name, "corrupt: " + std::to_string(compressed) + " compressed bytes cannot hold " + std::to_string(uncompressed) + " bytes");
  const unsigned char* in = compressed ? src.view(h.dataOffset + 8, compressed) : nullptr;
  resizeAll(cloud, lay, n);

  lzf::Decoder decoder(in, compressed);
  const std::size_t capacity = kChunkBytes + lzf::kMaxDistance + lzf::kMaxToken;
  std::unique_ptr<unsigned char[]> window(new unsigned char[capacity]);
  std::size_t base = 0, pos = 0;                   // window[0] is uncompressed byte `base`
  std::vector<std::size_t> done(lay.columns.size(), 0);  // values converted, per column
  while (true) {
    const std::size_t limit = std::min(capacity, uncompressed - base);  // never past the declared size
    try {
      pos = decoder.decode(window.get(), pos, limit);
    } catch (const lzf::LzfError& e) {
      fail(name, std::string("corrupt LZF stream: ") + e.what());
    }
    const std::size_t produced = base + pos;
    std::size_t keep = produced;  // the first byte still to be converted
    for (std::size_t j = 0; j < lay.columns.size(); ++j) {
      Column& col = lay.columns[j];
      const std::size_t size = sizeOf(col.kind), first = col.planeOffset, stride = col.planeStride;
      const std::size_t ready = produced >= first + size ? std::min(n, (produced - first - size) / stride + 1) : 0;
      if (ready > done[j]) {
        const unsigned char* p = window.get() + (first + done[j] * stride - base);
        if (done[j] == 0 && takesOffset(col))
          setOffset(cloud, col, chooseOrigin(std::min(ready, kOriginSample), [&](std::size_t i) { return rawValue(col.kind, p + i * stride); }));
        convertColumn(cloud, col, p, stride, done[j], ready - done[j], bad);
        done[j] = ready;
      }
      if (done[j] < n) keep = std::min(keep, first + done[j] * stride);
    }
    if (decoder.finished()) break;
    // The next token did not fit: past the declared size, or the window is full.
    if (base + limit == uncompressed)
      fail(name, "corrupt LZF stream: it decodes to more than the declared " + std::to_string(uncompressed) + " bytes");
    // Slide: keep what is not converted yet and the history back-references may reach.
    const std::size_t from = std::min(keep, produced - std::min(produced, lzf::kMaxDistance));
    if (from == base) fail(name, "corrupt LZF stream: no progress");  // cannot happen: keep trails by < 8 bytes
    std::memmove(window.get(), window.get() + (from - base), produced - from);
    base = from;
    pos = produced - from;
  }
  if (base + pos != uncompressed)
    fail(name, "corrupt LZF stream: it decodes to " + std::to_string(base + pos) + " bytes, the header says " +
                   std::to_string(uncompressed));
}

// ---- ascii ----

struct AsciiPart {
  PointCloud cloud;                      // the first part writes straight into the result
  PointCloud* out = &cloud;
  std::size_t rows = 0, lines = 0;       // data rows and newlines consumed
  std::vector<std::size_t> droppedRows;  // row index (in this part) of each row with a non-finite x, y or z
  bool failed = false;
  std::size_t errorLine = 0, errorRow = 0;
  std::string error;
};

// Parses one row into `values`; returns an empty string or the problem.
std::string parseRow(const char* p, const char* end, const Layout& lay, double* values) {
  std::size_t t = 0;
  const std::size_t expected = lay.tokens.size();
  while (true) {
    while (p < end && isBlank(*p)) ++p;
    if (p == end || *p == '#') break;
    if (t == expected) return "the row has more than " + std::to_string(expected) + " values";
    const char* q = nullptr;
    if (lay.tokens[t] == TokenKind::Float || lay.tokens[t] == TokenKind::RgbFloat) {
      float v = 0;
      q = readFloat(p, end, v);
      if (lay.tokens[t] == TokenKind::RgbFloat) {
        std::uint32_t bits;
        std::memcpy(&bits, &v, 4);
        values[t] = bits;
      } else {
        values[t] = v;
      }
    } else {
      q = readDouble(p, end, values[t]);
    }
    if (!q || (q < end && !isBlank(*q) && *q != '#')) {
      const char* tokenEnd = p;
      while (tokenEnd < end && !isBlank(*tokenEnd)) ++tokenEnd;
      return "'" + printable(std::string_view(p, static_cast<std::size_t>(tokenEnd - p)), 40) + "' is not a number (field '" +
             printable(lay.tokenNames[t], 40) + "')";
    }
    p = q;
    ++t;
  }
  if (t != expected) return "the row has " + std::to_string(t) + " values, expected " + std::to_string(expected);
  return {};
}

void parseAsciiPart(const char* begin, const char* end, const Layout& lay, std::size_t rowLimit, AsciiPart& part) {
  std::vector<double> values(lay.tokens.size());
  PointCloud& c = *part.out;
  const Column* cols = lay.columns.data();
  const std::size_t ncols = lay.columns.size();
  const Column &cx = cols[lay.axis[0]], &cy = cols[lay.axis[1]], &cz = cols[lay.axis[2]];
  const char* p = begin;
  while (p < end && part.rows < rowLimit) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* lineEnd = nl ? nl : end;
    const char* q = p;
    p = nl ? nl + 1 : end;
    while (q < lineEnd && isBlank(*q)) ++q;
    if (q == lineEnd || *q == '#') {
      part.lines += nl ? 1 : 0;
      continue;
    }
    std::string problem = parseRow(q, lineEnd, lay, values.data());
    if (!problem.empty()) {
      part.failed = true;
      part.errorLine = part.lines;
      part.errorRow = part.rows;
      part.error = std::move(problem);
      return;
    }
    part.lines += nl ? 1 : 0;
    const float x = static_cast<float>(values[cx.token] - cx.shift), y = static_cast<float>(values[cy.token] - cy.shift),
                z = static_cast<float>(values[cz.token] - cz.shift);
    if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(z)) {
      part.droppedRows.push_back(part.rows++);
      continue;
    }
    ++part.rows;
    for (std::size_t i = 0; i < ncols; ++i) {
      const Column& col = cols[i];
      const double v = values[col.token];
      switch (col.dest) {
        case Dest::X: c.x.push_back(x); break;
        case Dest::Y: c.y.push_back(y); break;
        case Dest::Z: c.z.push_back(z); break;
        case Dest::Intensity: c.intensity.push_back(static_cast<float>(v)); break;
        case Dest::Rgb: c.rgb.push_back(v >= 0.0 && v <= 4294967295.0 ? static_cast<std::uint32_t>(v) & 0x00ffffffu : 0u); break;
        case Dest::Extra: c.extra[col.extra].values.push_back(static_cast<float>(v - col.shift)); break;
      }
    }
  }
}

template <class V>
void appendPrefix(V& dst, const V& src, std::size_t n) {
  dst.insert(dst.end(), src.begin(), src.begin() + static_cast<std::ptrdiff_t>(std::min(n, src.size())));
}

void decodeAscii(Source& src, const Header& h, const std::string& name, PointCloud& cloud, Layout& lay,
                 std::size_t& dropped) {
  const std::size_t size = src.size() - h.dataOffset;
  // Each row takes at least two bytes per value ("0 0 0\n"); refuse impossible POINTS before reserving.
  if (h.points > 0 && h.points - 1 > size / (2 * lay.tokens.size()))
    fail(name, "truncated: the header promises " + std::to_string(h.points) + " rows but the ascii data has only " +
                   std::to_string(size) + " bytes");
  const char* text = size ? reinterpret_cast<const char*>(src.view(h.dataOffset, size)) : "";
  const char* end = text + size;

  // Origin from the first rows, parsed once more by the workers.
  {
    std::vector<double> values(lay.tokens.size());
    std::vector<std::vector<double>> sample(lay.columns.size());
    std::size_t rows = 0, looked = 0;
    for (const char* p = text; p < end && rows < kOriginSample && looked++ < 2 * kOriginSample;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* lineEnd = nl ? nl : end;
      if (parseRow(p, lineEnd, lay, values.data()).empty()) {
        ++rows;
        for (std::size_t j = 0; j < lay.columns.size(); ++j)
          if (takesOffset(lay.columns[j])) sample[j].push_back(values[lay.columns[j].token]);
      }
      p = nl ? nl + 1 : end;
    }
    for (std::size_t j = 0; j < lay.columns.size(); ++j)
      if (takesOffset(lay.columns[j]))
        setOffset(cloud, lay.columns[j], chooseOrigin(sample[j].size(), [&](std::size_t i) { return sample[j][i]; }));
  }

  // Two parts split at a line boundary, the second parsed on another thread.
  const char* mid = end;
  if (size > 256 * 1024) {
    mid = text + size / 2;
    const void* nl = std::memchr(mid, '\n', static_cast<std::size_t>(end - mid));
    mid = nl ? static_cast<const char*>(nl) + 1 : end;
  }
  AsciiPart first, second;
  first.out = &cloud;
  reserveAll(cloud, lay, h.points);
  second.cloud.extra = cloud.extra;
  if (mid < end) reserveAll(second.cloud, lay, static_cast<std::size_t>(h.points * (double(end - mid) / double(size)) * 1.05) + 16);
  std::thread worker;
  if (mid < end) worker = std::thread([&] { parseAsciiPart(mid, end, lay, h.points, second); });
  parseAsciiPart(text, mid, lay, h.points, first);
  if (worker.joinable()) worker.join();

  auto lineOf = [&](std::size_t inPart, std::size_t before) { return std::to_string(h.headerLines + before + inPart + 1); };
  if (first.failed) fail(name, "line " + lineOf(first.errorLine, 0) + ": " + first.error);
  std::size_t rows = first.rows;
  dropped = first.droppedRows.size();
  if (rows < h.points && mid < end) {
    const std::size_t need = h.points - rows;
    if (second.failed && second.errorRow < need) fail(name, "line " + lineOf(second.errorLine, first.lines) + ": " + second.error);
    const std::size_t taken = std::min(need, second.rows);
    const std::size_t droppedTaken = static_cast<std::size_t>(
        std::lower_bound(second.droppedRows.begin(), second.droppedRows.end(), taken) - second.droppedRows.begin());
    const std::size_t keep = taken - droppedTaken;
    appendPrefix(cloud.x, second.cloud.x, keep);
    appendPrefix(cloud.y, second.cloud.y, keep);
    appendPrefix(cloud.z, second.cloud.z, keep);
    appendPrefix(cloud.intensity, second.cloud.intensity, keep);
    appendPrefix(cloud.rgb, second.cloud.rgb, keep);
    for (std::size_t i = 0; i < cloud.extra.size(); ++i) appendPrefix(cloud.extra[i].values, second.cloud.extra[i].values, keep);
    rows += taken;
    dropped += droppedTaken;
  }
  if (rows < h.points)
    fail(name, "truncated: the header promises " + std::to_string(h.points) + " rows but the ascii data has " +
                   std::to_string(rows));
}

PointCloud decodeBody(Source& src, const Header& h, const std::string& name, CloudFileInfo* info);

PointCloud decode(Source& src, const std::string& name, CloudFileInfo* info) {
  if (src.size() == 0) fail(name, "empty file");
  std::optional<Header> header;
  for (std::size_t probe = kHeaderProbe;; probe *= 4) {
    const std::size_t n = std::min(probe, src.size());
    const bool complete = n == src.size() || n >= kMaxHeader;
    header = parseHeader(std::string_view(reinterpret_cast<const char*>(src.view(0, n)), n), complete, name);
    if (header || complete) break;
  }
  return decodeBody(src, *header, name, info);
}

PointCloud decodeBody(Source& src, const Header& h, const std::string& name, CloudFileInfo* info) {
  PointCloud cloud;
  const std::size_t available = src.size() - std::min(src.size(), h.dataOffset);
  Layout lay = planLayout(h, cloud, name, h.data == Data::Compressed ? available * lzf::maxExpansion : available);
  std::vector<std::size_t> bad;
  std::size_t dropped = 0;
  switch (h.data) {
    case Data::Binary: decodeBinary(src, h, name, cloud, lay, bad); break;
    case Data::Compressed: decodeCompressed(src, h, name, cloud, lay, bad); break;
    case Data::Ascii: decodeAscii(src, h, name, cloud, lay, dropped); break;
  }
  std::sort(bad.begin(), bad.end());
  bad.erase(std::unique(bad.begin(), bad.end()), bad.end());
  dropInvalid(cloud, bad);
  dropped += bad.size();
  if (info) {
    info->format = "pcd " + h.dataName;
    info->fields.clear();
    for (const Field& f : h.fields)
      if (f.name != "_") info->fields.push_back(f.name);
    info->pointsInFile = h.points;
    info->droppedInvalid = dropped;
    info->width = h.width;
    info->height = h.height;
    info->viewpoint = h.viewpoint;
  }
  return cloud;
}

// ---- writing ----

struct OutField {
  std::string name;
  char type = 'F';
  std::size_t size = 4;
  const float* f = nullptr;          // float channel (x y z intensity extra)
  const std::uint32_t* u = nullptr;  // rgb
  double add = 0.0;                  // origin or offset added back when written as doubles
};

std::vector<OutField> outFields(const PointCloud& c, const std::string& name) {
  const std::size_t n = c.size();
  auto check = [&](std::size_t size, const std::string& channel, bool optional) {
    if (size != n && !(optional && size == 0))
      fail(name, "cannot write: channel '" + channel + "' has " + std::to_string(size) + " values for " + std::to_string(n) + " points");
  };
  check(c.y.size(), "y", false);
  check(c.z.size(), "z", false);
  check(c.intensity.size(), "intensity", true);
  check(c.rgb.size(), "rgb", true);
  const bool geo = c.origin[0] != 0.0 || c.origin[1] != 0.0 || c.origin[2] != 0.0;
  std::vector<OutField> out;
  const FloatChannel* axes[3] = {&c.x, &c.y, &c.z};
  for (int a = 0; a < 3; ++a) out.push_back({std::string(1, "xyz"[a]), 'F', geo ? 8u : 4u, axes[a]->data(), nullptr, c.origin[a]});
  if (!c.intensity.empty()) out.push_back({"intensity", 'F', 4, c.intensity.data(), nullptr, 0.0});
  if (!c.rgb.empty()) out.push_back({"rgb", 'U', 4, nullptr, c.rgb.data(), 0.0});
  for (const PointField& f : c.extra) {
    check(f.values.size(), f.name, false);
    std::string field = f.name.empty() ? "field" : f.name;
    for (char& ch : field)
      if (isBlank(ch) || ch == '#' || ch == '\n') ch = '_';
    if (f.offset != 0.0) out.push_back({field, 'F', 8, f.values.data(), nullptr, f.offset});
    else out.push_back({field, 'F', 4, f.values.data(), nullptr, 0.0});
  }
  return out;
}

// The value of field `k` of point `i` as raw bytes (4 or 8) in `dst`.
inline void rawOf(const OutField& f, std::size_t i, unsigned char* dst) {
  if (f.u) std::memcpy(dst, f.u + i, 4);
  else if (f.size == 8) {
    const double v = static_cast<double>(f.f[i]) + f.add;
    std::memcpy(dst, &v, 8);
  } else std::memcpy(dst, f.f + i, 4);
}

std::string encode(const PointCloud& cloud, PcdEncoding encoding, const std::string& name) {
  const std::vector<OutField> fields = outFields(cloud, name);
  const std::size_t n = cloud.size();
  std::size_t record = 0;
  for (const OutField& f : fields) record += f.size;
  std::string out = "# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\nFIELDS";
  for (const OutField& f : fields) out += " " + f.name;
  out += "\nSIZE";
  for (const OutField& f : fields) out += " " + std::to_string(f.size);
  out += "\nTYPE";
  for (const OutField& f : fields) out += std::string(" ") + f.type;
  out += "\nCOUNT";
  for (std::size_t k = 0; k < fields.size(); ++k) out += " 1";
  out += "\nWIDTH " + std::to_string(n) + "\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS " + std::to_string(n) + "\nDATA ";
  const std::size_t payload = mulChecked(n, record, name, "the payload size");
  if (encoding == PcdEncoding::Binary) {
    out += "binary\n";
    const std::size_t start = out.size();
    out.resize(start + payload);
    auto* dst = reinterpret_cast<unsigned char*>(out.data() + start);
    std::size_t offset = 0;
    for (const OutField& f : fields) {
      for (std::size_t i = 0; i < n; ++i) rawOf(f, i, dst + i * record + offset);
      offset += f.size;
    }
  } else if (encoding == PcdEncoding::BinaryCompressed) {
    out += "binary_compressed\n";
    if (payload > std::numeric_limits<std::uint32_t>::max() || lzf::compressBound(payload) > std::numeric_limits<std::uint32_t>::max())
      fail(name, "cannot write binary_compressed: " + std::to_string(payload) + " bytes do not fit its 32-bit size fields");
    std::unique_ptr<unsigned char[]> planes(new unsigned char[std::max<std::size_t>(payload, 1)]);
    std::size_t offset = 0;
    for (const OutField& f : fields) {  // field-major: all x, then all y, …
      for (std::size_t i = 0; i < n; ++i) rawOf(f, i, planes.get() + offset + i * f.size);
      offset += n * f.size;
    }
    const std::size_t start = out.size();
    out.resize(start + 8 + lzf::compressBound(payload));
    auto* dst = reinterpret_cast<unsigned char*>(out.data() + start);
    const auto compressed = static_cast<std::uint32_t>(lzf::compress(planes.get(), payload, dst + 8));
    const auto uncompressed = static_cast<std::uint32_t>(payload);
    std::memcpy(dst, &compressed, 4);
    std::memcpy(dst + 4, &uncompressed, 4);
    out.resize(start + 8 + compressed);
  } else {
    out += "ascii\n";
    out.reserve(out.size() + n * fields.size() * 12);
    char buf[64];
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < fields.size(); ++k) {
        const OutField& f = fields[k];
        std::to_chars_result r{};
        if (f.u) r = std::to_chars(buf, buf + sizeof buf, f.u[i]);
        else if (std::isnan(f.f[i])) r = {std::copy_n("nan", 3, buf), std::errc()};
        else if (f.size == 8) r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(f.f[i]) + f.add);
        else r = std::to_chars(buf, buf + sizeof buf, f.f[i]);
        out.append(buf, r.ptr);
        out += k + 1 < fields.size() ? ' ' : '\n';
      }
    }
  }
  return out;
}

}  // namespace

namespace detail {

PointCloud decodeXyziRecords(Source& src, const std::string& name, const char* format, CloudFileInfo* info) {
  Header h;
  for (const char* field : {"x", "y", "z", "intensity"}) {
    Field f;
    f.name = field;
    f.offset = h.recordSize;
    h.recordSize += f.size;
    h.fields.push_back(f);
  }
  h.points = src.size() / h.recordSize;
  h.width = static_cast<std::uint32_t>(std::min<std::size_t>(h.points, UINT32_MAX));
  h.height = 1;
  h.data = Data::Binary;
  h.dataName = "binary";
  PointCloud cloud = decodeBody(src, h, name, info);
  if (info) info->format = format;
  return cloud;
}

}  // namespace detail

PointCloud readPcd(const std::filesystem::path& path, CloudFileInfo* info) {
  FileSource src(path, path.string());
  return decode(src, path.string(), info);
}

PointCloud parsePcd(std::string_view bytes, const std::string& name, CloudFileInfo* info) {
  MemorySource src(bytes);
  return decode(src, name, info);
}

std::string encodePcd(const PointCloud& cloud, PcdEncoding encoding) { return encode(cloud, encoding, "PCD"); }

void writePcd(const std::filesystem::path& path, const PointCloud& cloud, PcdEncoding encoding) {
  writeFileAtomically(path, encode(cloud, encoding, path.string()));
}

}  // namespace labelstation::io
