#include "labelstation/io/ply.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include "cloud_decode.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {

using namespace detail;

constexpr std::size_t kHeaderProbe = 64 * 1024;
constexpr std::size_t kMaxHeader = 4 * 1024 * 1024;
constexpr std::size_t kChunk = 64 * 1024;  // vertices converted per step

enum class Encoding { Ascii, LittleEndian, BigEndian };

struct Property {
  std::string name;
  Kind kind = Kind::F32;
  bool isList = false;
  Kind countKind = Kind::U8;  // list length type
};

struct Element {
  std::string name;
  std::size_t count = 0;
  std::vector<Property> props;
};

struct Header {
  Encoding encoding = Encoding::Ascii;
  std::string formatName;
  std::vector<Element> elements;
  std::size_t dataOffset = 0;
  std::size_t headerLines = 0;
};

std::optional<Kind> plyKind(std::string_view t) {
  if (t == "char" || t == "int8") return Kind::I8;
  if (t == "uchar" || t == "uint8") return Kind::U8;
  if (t == "short" || t == "int16") return Kind::I16;
  if (t == "ushort" || t == "uint16") return Kind::U16;
  if (t == "int" || t == "int32") return Kind::I32;
  if (t == "uint" || t == "uint32") return Kind::U32;
  if (t == "float" || t == "float32") return Kind::F32;
  if (t == "double" || t == "float64") return Kind::F64;
  return std::nullopt;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isBlank(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && !isBlank(line[j])) ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<Header> parseHeader(std::string_view text, bool complete, const std::string& name) {
  Header h;
  std::size_t pos = 0, lineNo = 0;
  while (true) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (!complete) return std::nullopt;
      fail(name, lineNo == 0 ? "empty file" : "no end_header line: the PLY header is incomplete");
    }
    const auto w = words(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++lineNo;
    const std::string where = "header line " + std::to_string(lineNo);
    if (lineNo == 1) {
      if (w.size() != 1 || w[0] != "ply") fail(name, "not a PLY file (the first line is not 'ply')");
      continue;
    }
    if (w.empty() || w[0] == "comment" || w[0] == "obj_info") continue;
    if (w[0] == "format") {
      if (w.size() < 2) fail(name, where + ": format without a name");
      h.formatName = std::string(w[1]);
      if (w[1] == "ascii") h.encoding = Encoding::Ascii;
      else if (w[1] == "binary_little_endian") h.encoding = Encoding::LittleEndian;
      else if (w[1] == "binary_big_endian") h.encoding = Encoding::BigEndian;
      else fail(name, where + ": unknown format '" + printable(h.formatName, 40) + "'");
    } else if (w[0] == "element") {
      Element e;
      if (w.size() != 3) fail(name, where + ": expected 'element NAME COUNT'");
      const auto r = std::from_chars(w[2].data(), w[2].data() + w[2].size(), e.count);
      if (r.ec != std::errc() || r.ptr != w[2].data() + w[2].size())
        fail(name, where + ": element count '" + printable(w[2], 40) + "' is not an unsigned number");
      e.name = std::string(w[1]);
      h.elements.push_back(std::move(e));
    } else if (w[0] == "property") {
      if (h.elements.empty()) fail(name, where + ": property before any element");
      Property p;
      if (w.size() == 5 && w[1] == "list") {
        const auto ck = plyKind(w[2]), ik = plyKind(w[3]);
        if (!ck || !ik || *ck == Kind::F32 || *ck == Kind::F64)
          fail(name, where + ": bad list types '" + printable(w[2], 40) + " " + printable(w[3], 40) + "'");
        p.isList = true;
        p.countKind = *ck;
        p.kind = *ik;
        p.name = std::string(w[4]);
      } else if (w.size() == 3) {
        const auto k = plyKind(w[1]);
        if (!k) fail(name, where + ": unknown property type '" + printable(w[1], 40) + "'");
        p.kind = *k;
        p.name = std::string(w[2]);
      } else {
        fail(name, where + ": expected 'property TYPE NAME' or 'property list COUNT_TYPE TYPE NAME'");
      }
      h.elements.back().props.push_back(std::move(p));
    } else if (w[0] == "end_header") {
      h.dataOffset = pos;
      h.headerLines = lineNo;
      break;
    } else {
      fail(name, where + ": unexpected '" + printable(w[0], 40) + "'");
    }
  }
  if (h.formatName.empty()) fail(name, "the PLY header has no format line");
  return h;
}

// Vertex property → channel.
enum class Dest : std::uint8_t { Skip, X, Y, Z, Intensity, Red, Green, Blue, Extra };

struct Column {
  Dest dest = Dest::Skip;
  Kind kind = Kind::F32;
  std::size_t packed = 0;  // byte offset in the packed (scalars only, little-endian) record
  std::size_t extra = 0;
  double shift = 0.0;
};

struct Plan {
  std::vector<Column> columns;  // one per vertex property, lists included (as Skip)
  std::size_t packedSize = 0;
  int axis[3] = {-1, -1, -1};
  bool rgb = false;
};

Plan planVertex(const Element& v, PointCloud& cloud, const std::string& name) {
  Plan plan;
  bool haveIntensity = false;
  int colour[3] = {-1, -1, -1};
  ChannelNames names;
  for (const Property& p : v.props) {
    Column col;
    col.kind = p.kind;
    if (!p.isList) {
      col.packed = plan.packedSize;
      plan.packedSize += sizeOf(p.kind);
      const int axis = p.name == "x" ? 0 : p.name == "y" ? 1 : p.name == "z" ? 2 : -1;
      const int c = (p.name == "red" || p.name == "diffuse_red") ? 0 : (p.name == "green" || p.name == "diffuse_green") ? 1
                  : (p.name == "blue" || p.name == "diffuse_blue") ? 2 : -1;
      if (axis >= 0 && plan.axis[axis] < 0) {
        col.dest = static_cast<Dest>(static_cast<int>(Dest::X) + axis);
        plan.axis[axis] = static_cast<int>(plan.columns.size());
      } else if (!haveIntensity && (equalsNoCase(p.name, "intensity") || equalsNoCase(p.name, "scalar_intensity") ||
                                    equalsNoCase(p.name, "reflectance") || equalsNoCase(p.name, "remission"))) {
        col.dest = Dest::Intensity;
        haveIntensity = true;
      } else if (c >= 0 && colour[c] < 0) {
        col.dest = static_cast<Dest>(static_cast<int>(Dest::Red) + c);
        colour[c] = static_cast<int>(plan.columns.size());
      } else if (p.name == "alpha" || p.name == "diffuse_alpha") {
        col.dest = Dest::Skip;
      } else {
        col.dest = Dest::Extra;
      }
    }
    plan.columns.push_back(col);
  }
  for (int a = 0; a < 3; ++a)
    if (plan.axis[a] < 0) fail(name, std::string("the vertex element has no '") + "xyz"[a] + "' property");
  plan.rgb = colour[0] >= 0 && colour[1] >= 0 && colour[2] >= 0;
  for (std::size_t i = 0; i < plan.columns.size(); ++i) {
    Column& col = plan.columns[i];
    if (!plan.rgb && (col.dest == Dest::Red || col.dest == Dest::Green || col.dest == Dest::Blue)) col.dest = Dest::Extra;
    if (col.dest == Dest::Extra) {
      col.extra = cloud.extra.size();
      cloud.extra.push_back({names.unique(v.props[i].name), {}});
    }
  }
  return plan;
}

// Colour component 0–255 from any property type (floats are taken as 0–1).
std::uint32_t colourByte(Kind kind, double v) {
  if (kind == Kind::F32 || kind == Kind::F64) v *= 255.0;
  else if (kind == Kind::U16 || kind == Kind::I16) v /= 257.0;
  if (!(v > 0.0)) return 0;
  return v >= 255.0 ? 255u : static_cast<std::uint32_t>(std::lround(v));
}

// Converts `k` packed vertices (little-endian scalars, `plan.packedSize` bytes each) into the cloud.
void convertPacked(const unsigned char* packed, std::size_t k, const Plan& plan, PointCloud& cloud) {
  const std::size_t stride = plan.packedSize;
  for (const Column& col : plan.columns) {
    const unsigned char* p = packed + col.packed;
    switch (col.dest) {
      case Dest::X: appendFloats(cloud.x, col.kind, p, stride, k, col.shift); break;
      case Dest::Y: appendFloats(cloud.y, col.kind, p, stride, k, col.shift); break;
      case Dest::Z: appendFloats(cloud.z, col.kind, p, stride, k, col.shift); break;
      case Dest::Intensity: appendFloats(cloud.intensity, col.kind, p, stride, k, 0.0); break;
      case Dest::Extra: appendFloats(cloud.extra[col.extra].values, col.kind, p, stride, k, col.shift); break;
      default: break;
    }
  }
  if (!plan.rgb) return;
  const Column* c[3] = {nullptr, nullptr, nullptr};
  for (const Column& col : plan.columns)
    if (col.dest == Dest::Red || col.dest == Dest::Green || col.dest == Dest::Blue)
      c[static_cast<int>(col.dest) - static_cast<int>(Dest::Red)] = &col;
  for (std::size_t i = 0; i < k; ++i) {
    std::uint32_t v = 0;
    for (int j = 0; j < 3; ++j) v = (v << 8) | colourByte(c[j]->kind, rawValue(c[j]->kind, packed + i * stride + c[j]->packed));
    cloud.rgb.push_back(v);
  }
}

// The origin rule (point_cloud_io.h) over the first packed vertices, for x, y, z and for extra
// channels of wide types (their PointField::offset).
void setOrigin(const unsigned char* packed, std::size_t k, Plan& plan, PointCloud& cloud) {
  auto choose = [&](const Column& col) {
    return chooseOrigin(std::min(k, kOriginSample), [&](std::size_t i) { return rawValue(col.kind, packed + i * plan.packedSize + col.packed); });
  };
  for (int a = 0; a < 3; ++a) {
    Column& col = plan.columns[plan.axis[a]];
    col.shift = cloud.origin[a] = choose(col);
  }
  for (Column& col : plan.columns)
    if (col.dest == Dest::Extra && isWide(col.kind)) col.shift = cloud.extra[col.extra].offset = choose(col);
}

std::uint64_t readCount(Kind kind, const unsigned char* p, bool swap) {
  unsigned char b[8];
  const std::size_t n = sizeOf(kind);
  for (std::size_t i = 0; i < n; ++i) b[i] = swap ? p[n - 1 - i] : p[i];
  const double v = rawValue(kind, b);
  return v > 0.0 ? static_cast<std::uint64_t>(v) : 0u;
}

// Binary: walks the elements before the vertex element, then packs vertex scalars chunk by chunk.
void decodeBinary(const unsigned char* data, std::size_t size, const Header& h, std::size_t vertexIndex,
                  Plan& plan, PointCloud& cloud, std::vector<std::size_t>& bad, const std::string& name) {
  const bool swap = h.encoding == Encoding::BigEndian;
  std::size_t pos = 0;
  auto need = [&](std::size_t n, const char* what) {
    if (n > size - pos) fail(name, std::string("truncated: the data ends inside ") + what);
  };
  auto skipProperty = [&](const Property& p, const std::string& element) {
    if (!p.isList) {
      need(sizeOf(p.kind), element.c_str());
      pos += sizeOf(p.kind);
      return;
    }
    need(sizeOf(p.countKind), element.c_str());
    const std::uint64_t n = readCount(p.countKind, data + pos, swap);
    pos += sizeOf(p.countKind);
    if (n > (size - pos) / sizeOf(p.kind))
      fail(name, "truncated: the data ends inside a list of element '" + printable(element, 40) + "'");
    pos += static_cast<std::size_t>(n) * sizeOf(p.kind);
  };
  auto skipRecord = [&](const Element& e) {
    for (const Property& p : e.props) skipProperty(p, e.name);
  };
  for (std::size_t e = 0; e < vertexIndex; ++e)
    if (!h.elements[e].props.empty())  // records of no bytes: nothing to skip, however many
      for (std::size_t i = 0; i < h.elements[e].count; ++i) skipRecord(h.elements[e]);

  const Element& v = h.elements[vertexIndex];
  std::size_t minRecord = 0;
  for (const Property& p : v.props) minRecord += p.isList ? sizeOf(p.countKind) : sizeOf(p.kind);
  if (minRecord == 0 || v.count > (size - pos) / minRecord)
    fail(name, "truncated: " + std::to_string(v.count) + " vertices cannot fit in the " + std::to_string(size - pos) +
                   " bytes left");
  std::vector<unsigned char> packed(std::min(v.count, kChunk) * plan.packedSize);
  for (std::size_t start = 0; start < v.count; start += kChunk) {
    const std::size_t k = std::min(kChunk, v.count - start);
    for (std::size_t i = 0; i < k; ++i) {
      unsigned char* out = packed.data() + i * plan.packedSize;
      for (std::size_t j = 0; j < v.props.size(); ++j) {
        const Property& p = v.props[j];
        if (p.isList) {
          skipProperty(p, v.name);
          continue;
        }
        const std::size_t n = sizeOf(p.kind);
        need(n, "the vertex data");
        unsigned char* dst = out + plan.columns[j].packed;
        if (swap) std::reverse_copy(data + pos, data + pos + n, dst);
        else std::memcpy(dst, data + pos, n);
        pos += n;
      }
    }
    if (start == 0) setOrigin(packed.data(), k, plan, cloud);
    convertPacked(packed.data(), k, plan, cloud);
    collectInvalid(cloud, start, k, bad);
  }
}

void decodeAscii(const char* text, std::size_t size, const Header& h, std::size_t vertexIndex, Plan& plan,
                 PointCloud& cloud, std::vector<std::size_t>& bad, const std::string& name) {
  const char* p = text;
  const char* end = text + size;
  std::size_t line = h.headerLines;
  auto nextLine = [&](std::string_view& out) {
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* e = nl ? nl : end;
      out = std::string_view(p, static_cast<std::size_t>(e - p));
      p = nl ? nl + 1 : end;
      ++line;
      if (!words(out).empty()) return true;
    }
    return false;
  };
  std::string_view row;
  for (std::size_t e = 0; e < vertexIndex; ++e)
    for (std::size_t i = 0; i < h.elements[e].count; ++i)
      if (!nextLine(row)) fail(name, "truncated: the data ends inside element '" + printable(h.elements[e].name, 40) + "'");
  const Element& v = h.elements[vertexIndex];
  if (v.count > size / (2 * std::max<std::size_t>(1, v.props.size())))
    fail(name, "truncated: " + std::to_string(v.count) + " vertices cannot fit in " + std::to_string(size) + " bytes");
  std::vector<unsigned char> packed(std::min(v.count, kChunk) * plan.packedSize);
  for (std::size_t start = 0; start < v.count; start += kChunk) {
    const std::size_t k = std::min(kChunk, v.count - start);
    for (std::size_t i = 0; i < k; ++i) {
      if (!nextLine(row))
        fail(name, "truncated: the header promises " + std::to_string(v.count) + " vertices, the data has " + std::to_string(start + i));
      const auto tok = words(row);
      std::size_t t = 0;
      for (std::size_t j = 0; j < v.props.size(); ++j) {
        const Property& prop = v.props[j];
        auto number = [&](double& out) {
          if (t >= tok.size())
            fail(name, "line " + std::to_string(line) + ": too few values for vertex property '" + printable(prop.name, 40) + "'");
          const std::string_view s = tok[t++];
          if (readDouble(s.data(), s.data() + s.size(), out) != s.data() + s.size())
            fail(name, "line " + std::to_string(line) + ": '" + printable(s, 40) + "' is not a number (property '" +
                           printable(prop.name, 40) + "')");
        };
        double value = 0;
        number(value);
        if (prop.isList) {
          if (!(value >= 0) || value > static_cast<double>(tok.size())) fail(name, "line " + std::to_string(line) + ": bad list length");
          t += static_cast<std::size_t>(value);
          continue;
        }
        const std::size_t n = sizeOf(prop.kind);
        unsigned char* dst = packed.data() + i * plan.packedSize + plan.columns[j].packed;
        switch (prop.kind) {  // store in the declared type so the binary converter applies unchanged
          case Kind::F64: std::memcpy(dst, &value, n); break;
          case Kind::F32: { const float f = static_cast<float>(value); std::memcpy(dst, &f, n); break; }
          default: {
            const auto iv = static_cast<std::int64_t>(std::clamp(std::isfinite(value) ? value : 0.0, -9.2e18, 9.2e18));
            std::memcpy(dst, &iv, n);  // little-endian: the low bytes hold the value
            break;
          }
        }
      }
      if (t != tok.size()) fail(name, "line " + std::to_string(line) + ": " + std::to_string(tok.size()) + " values, expected " + std::to_string(t));
    }
    if (start == 0) setOrigin(packed.data(), k, plan, cloud);
    convertPacked(packed.data(), k, plan, cloud);
    collectInvalid(cloud, start, k, bad);
  }
}

PointCloud decode(Source& src, const std::string& name, CloudFileInfo* info) {
  if (src.size() == 0) fail(name, "empty file");
  std::optional<Header> header;
  for (std::size_t probe = kHeaderProbe;; probe *= 4) {
    const std::size_t n = std::min(probe, src.size());
    const bool complete = n == src.size() || n >= kMaxHeader;
    header = parseHeader(std::string_view(reinterpret_cast<const char*>(src.view(0, n)), n), complete, name);
    if (header || complete) break;
  }
  const Header& h = *header;
  std::size_t vertexIndex = h.elements.size();
  for (std::size_t i = 0; i < h.elements.size(); ++i)
    if (h.elements[i].name == "vertex") {
      vertexIndex = i;
      break;
    }
  if (vertexIndex == h.elements.size()) fail(name, "the PLY file has no vertex element");
  PointCloud cloud;
  Plan plan = planVertex(h.elements[vertexIndex], cloud, name);
  const std::size_t n = h.elements[vertexIndex].count;
  // Nothing is sized by the declared count before the data could hold it: a binary vertex takes
  // at least one byte per property, an ascii one at least two (a digit and a separator).
  const std::size_t size = src.size() - h.dataOffset;
  const Element& vertex = h.elements[vertexIndex];
  std::size_t minRecord = 0;
  for (const Property& p : vertex.props)
    minRecord += h.encoding == Encoding::Ascii ? 2 : p.isList ? sizeOf(p.countKind) : sizeOf(p.kind);
  if (!fitsInFile(n, std::max<std::size_t>(minRecord, 1), size))
    fail(name, "truncated: " + std::to_string(n) + " vertices cannot fit in the " + std::to_string(size) + " bytes of data");
  cloud.x.reserve(n);
  cloud.y.reserve(n);
  cloud.z.reserve(n);
  for (const Column& c : plan.columns)
    if (c.dest == Dest::Intensity) cloud.intensity.reserve(n);
  if (plan.rgb) cloud.rgb.reserve(n);
  const unsigned char* data = size ? src.view(h.dataOffset, size) : reinterpret_cast<const unsigned char*>("");
  std::vector<std::size_t> bad;
  if (h.encoding == Encoding::Ascii)
    decodeAscii(reinterpret_cast<const char*>(data), size, h, vertexIndex, plan, cloud, bad, name);
  else
    decodeBinary(data, size, h, vertexIndex, plan, cloud, bad, name);
  dropInvalid(cloud, bad);
  if (info) {
    *info = CloudFileInfo{};
    info->format = "ply " + h.formatName;
    for (const Property& p : h.elements[vertexIndex].props) info->fields.push_back(p.name);
    info->pointsInFile = n;
    info->droppedInvalid = bad.size();
    info->width = static_cast<std::uint32_t>(std::min<std::size_t>(n, UINT32_MAX));
    info->height = 1;
  }
  return cloud;
}

}  // namespace

PointCloud readPly(const std::filesystem::path& path, CloudFileInfo* info) {
  FileSource src(path, path.string());
  return decode(src, path.string(), info);
}

PointCloud parsePly(std::string_view bytes, const std::string& name, CloudFileInfo* info) {
  MemorySource src(bytes);
  return decode(src, name, info);
}

}  // namespace labelstation::io
