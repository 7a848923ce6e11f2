#pragma once
// Internal to labelstation_io: what the PCD and PLY readers (and the .bin dispatcher) share. Byte
// sources (a file read with positioned reads into page-aligned buffers or, for large binary
// payloads, memory-mapped under a SIGBUS guard; or bytes in memory), checked size arithmetic, exact and fast text-to-number parsing, per-column conversion
// of strided binary values into float channels, the origin rule for geo-referenced clouds and the
// removal of points with a non-finite x, y or z.

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <csetjmp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "labelstation/core/point_cloud.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/point_cloud_io.h"
#include "safe_input.h"

namespace labelstation::io::detail {

constexpr std::size_t kOriginSample = 4096;  // points looked at to choose the origin
constexpr double kGeoThreshold = 1e4;        // metres; beyond it coordinates get an origin

[[noreturn]] inline void fail(const std::string& name, const std::string& problem) { throw IoError(name, problem); }

inline std::size_t mulChecked(std::size_t a, std::size_t b, const std::string& name, const char* what) {
  std::size_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) fail(name, std::string(what) + " overflows the address space");
  return r;
}
inline std::size_t addChecked(std::size_t a, std::size_t b, const std::string& name, const char* what) {
  std::size_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) fail(name, std::string(what) + " overflows the address space");
  return r;
}

// Names for extra channels, unique within a cloud ("name", "name_2", …) in constant time per
// name: a header may declare 100,000 of them (a PCD COUNT, PLY properties).
class ChannelNames {
 public:
  std::string unique(const std::string& base) {
    std::string name = base;
    for (int k = 2; !used_.insert(name).second; ++k) name = base + "_" + std::to_string(k);
    return name;
  }

 private:
  std::unordered_set<std::string> used_;
};

// ---- where the bytes come from: a file or memory ----

// A file truncated by another program while it is memory-mapped raises SIGBUS on the next access
// of a page past its new end, which would kill the app. Headers, ascii and compressed data are
// read with positioned reads (pread) into page-aligned buffers, where truncation is a short read;
// large binary payloads (PCD binary, KITTI .bin) are mapped, which saves a copy the size of the
// file, and read only inside readingMapped(): a SIGBUS whose address lies in the mapping being
// read jumps back out of the conversion loop (siglongjmp from the handler) and becomes an IoError
// ("file shrank while reading"). Faults elsewhere go to the handler that was there before.

struct MappedRead {
  const unsigned char* begin;
  const unsigned char* end;
  sigjmp_buf jump;
  MappedRead* outer;
};
inline thread_local MappedRead* activeMappedRead = nullptr;
inline struct sigaction previousSigbus {};

inline void onSigbus(int sig, siginfo_t* info, void* context) {
  const auto* address = static_cast<const unsigned char*>(info->si_addr);
  for (MappedRead* r = activeMappedRead; r; r = r->outer)
    if (address >= r->begin && address < r->end) siglongjmp(r->jump, 1);
  // Not ours: hand it on (the faulting access runs again under the previous disposition).
  sigaction(SIGBUS, &previousSigbus, nullptr);
  (void)sig;
  (void)context;
}

inline void installSigbusHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_sigaction = onSigbus;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previousSigbus);
  });
}

// Runs `f`, which reads the mapped bytes [begin, begin + size). If the file shrinks under it,
// throws IoError(name, "file shrank while reading"). `f` must hold no object with a destructor
// that matters across the faulting access (the jump skips its frames): plain conversion loops.
template <class F>
void readingMapped(const unsigned char* begin, std::size_t size, const std::string& name, F&& f) {
  installSigbusHandler();
  MappedRead read{begin, begin + size, {}, activeMappedRead};
  if (sigsetjmp(read.jump, 1) != 0) {
    activeMappedRead = read.outer;
    fail(name, "file shrank while reading (another program truncated or replaced it)");
  }
  activeMappedRead = &read;
  f();
  activeMappedRead = read.outer;
}

// Scratch space for FileSource::read, one per thread. Page-aligned: the kernel's copy into a
// destination that is only 16-byte aligned (what malloc gives) runs several times slower.
struct Scratch {
  struct Free {
    void operator()(unsigned char* p) const { std::free(p); }
  };
  std::unique_ptr<unsigned char, Free> buffer;
  std::size_t capacity = 0;
  unsigned char* get(std::size_t n) {
    if (n > capacity) {
      const std::size_t rounded = (std::max<std::size_t>(n, 1) + 4095) & ~std::size_t{4095};
      buffer.reset(static_cast<unsigned char*>(std::aligned_alloc(4096, rounded)));  // uninitialised
      if (!buffer) throw std::bad_alloc();
      capacity = rounded;
    }
    return buffer.get();
  }
};

class Source {
 public:
  virtual ~Source() = default;
  std::size_t size() const { return size_; }
  // Bytes [offset, offset + n) of the input, valid until the next view(). The caller keeps within
  // size(). A file's bytes are read into a buffer the next view() reuses.
  virtual const unsigned char* view(std::size_t offset, std::size_t n) = 0;
  // The same bytes, copied into `scratch` if need be; valid until `scratch` is reused. Safe to call
  // from several threads with their own scratch. For streaming through a file in cache-sized pieces.
  virtual const unsigned char* read(std::size_t offset, std::size_t n, Scratch& scratch) const = 0;
  // True when the bytes are in memory already (read() copies nothing).
  virtual bool direct() const = 0;
  // The whole input memory-mapped (read it only inside readingMapped()), or null when it is not a
  // file or cannot be mapped. Valid as long as the source.
  virtual const unsigned char* mapped() { return nullptr; }

 protected:
  std::size_t size_ = 0;
};

class MemorySource final : public Source {
 public:
  explicit MemorySource(std::string_view bytes) : data_(reinterpret_cast<const unsigned char*>(bytes.data())) {
    size_ = bytes.size();
  }
  const unsigned char* view(std::size_t offset, std::size_t) override { return data_ + offset; }
  const unsigned char* read(std::size_t offset, std::size_t, Scratch&) const override { return data_ + offset; }
  bool direct() const override { return true; }

 private:
  const unsigned char* data_;
};

class FileSource final : public Source {
 public:
  FileSource(const std::filesystem::path& path, const std::string& name) : name_(name) {
    // Non-blocking: opening a FIFO named like a cloud must not wait for a writer (it is refused
    // below: only regular files are read).
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) fail(name_, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    const char* problem = nullptr;
    if (::fstat(fd_, &st) != 0) problem = "cannot stat the file";
    else if (S_ISDIR(st.st_mode)) problem = "is a directory, not a point cloud file";
    else if (!S_ISREG(st.st_mode)) problem = "is not a regular file";
    if (problem) {
      ::close(fd_);
      fail(name_, problem);
    }
    size_ = static_cast<std::size_t>(st.st_size);
  }
  ~FileSource() override {
    if (map_) ::munmap(map_, size_);
    ::close(fd_);
  }
  const unsigned char* mapped() override {
    if (!map_ && size_ > 0) {
      // Not populated up front: on a hot page cache the faults map whole folios, and two readers
      // fault their halves in parallel.
      void* m = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (m != MAP_FAILED) map_ = static_cast<unsigned char*>(m);
    }
    return map_;
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  const unsigned char* view(std::size_t offset, std::size_t n) override { return read(offset, n, buffer_); }

  bool direct() const override { return false; }
  const unsigned char* read(std::size_t offset, std::size_t n, Scratch& scratch) const override {
    unsigned char* out = scratch.get(n);
    std::size_t done = 0;
    while (done < n) {
      const ssize_t got = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) fail(name_, std::string("read error: ") + std::strerror(errno));
      if (got == 0) fail(name_, "file shrank while reading");
      done += static_cast<std::size_t>(got);
    }
    return out;
  }

 private:
  std::string name_;
  int fd_ = -1;
  unsigned char* map_ = nullptr;
  Scratch buffer_;
};

// ---- value types ----

enum class Kind : std::uint8_t { I8, U8, I16, U16, I32, U32, I64, U64, F32, F64 };

inline std::size_t sizeOf(Kind k) {
  switch (k) {
    case Kind::I8: case Kind::U8: return 1;
    case Kind::I16: case Kind::U16: return 2;
    case Kind::I32: case Kind::U32: case Kind::F32: return 4;
    default: return 8;
  }
}

// Types whose values a float cannot hold exactly beyond 2^24: extra channels of these kinds get
// an offset by the origin rule (PointField::offset), so large timestamps and ids keep precision.
inline bool isWide(Kind k) { return k == Kind::F64 || k == Kind::I32 || k == Kind::U32 || k == Kind::I64 || k == Kind::U64; }

inline bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

inline bool equalsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char p, char q) {
           return std::tolower(static_cast<unsigned char>(p)) == std::tolower(static_cast<unsigned char>(q));
         });
}

// The whole token as a number (a leading '+' allowed).
template <class T>
bool parseNumber(std::string_view token, T& value) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  return ec == std::errc() && ptr == token.data() + token.size();
}
// ---- numbers in text ----

// Clinger's fast path: a decimal with at most 19 significant digits whose value is m · 10^e with
// m < 2^53 and |e| <= 22 is correctly rounded by one double multiplication or division. Returns the
// end of the number, or nullptr when the text needs the full parser (nan, inf, long or extreme).
inline const char* fastDecimal(const char* p, const char* end, double& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* s = p;
  const bool negative = s < end && *s == '-';
  if (s < end && (*s == '-' || *s == '+')) ++s;
  while (s < end && *s == '0') ++s;  // leading zeros are not significant
  const char* first = s;
  std::uint64_t m = 0;
  while (s < end && static_cast<unsigned>(*s - '0') < 10) m = m * 10 + static_cast<unsigned>(*s++ - '0');
  std::ptrdiff_t significant = s - first, exp10 = 0;
  bool digits = s != first || (first > p && first[-1] == '0');
  if (s < end && *s == '.') {
    const char* fraction = ++s;
    if (m == 0) {  // 0.000123: zeros after the point only move the decimal point
      while (s < end && *s == '0') ++s;
    }
    const char* sig = s;
    while (s < end && static_cast<unsigned>(*s - '0') < 10) m = m * 10 + static_cast<unsigned>(*s++ - '0');
    significant += s - sig;
    exp10 = -(s - fraction);
    digits = digits || s != fraction;
  }
  if (!digits || significant > 19) return nullptr;  // no number, or m may have overflowed
  if (s < end && (*s == 'e' || *s == 'E')) {
    ++s;
    const bool negativeExp = s < end && *s == '-';
    if (s < end && (*s == '-' || *s == '+')) ++s;
    int e = 0, n = 0;
    while (s < end && static_cast<unsigned>(*s - '0') < 10 && n < 6) e = e * 10 + (*s++ - '0'), ++n;
    if (n == 0 || n == 6) return nullptr;
    exp10 += negativeExp ? -e : e;
  }
  if (m > (std::uint64_t{1} << 53) || exp10 < -22 || exp10 > 22) return nullptr;
  const double d = exp10 < 0 ? static_cast<double>(m) / kPow10[-exp10] : static_cast<double>(m) * kPow10[exp10];
  out = negative ? -d : d;
  return s;
}

// ±inf for a token that overflows, ±0 for one that underflows (std::from_chars leaves those to us).
inline double outOfRange(const char* s, const char* e) {
  bool negativeExp = false;
  for (const char* q = s; q < e; ++q)
    if (*q == 'e' || *q == 'E') {
      negativeExp = q + 1 < e && q[1] == '-';
      break;
    }
  const double v = negativeExp ? 0.0 : HUGE_VAL;
  return *s == '-' ? -v : v;
}

// A double, correctly rounded. Returns the end of the number or nullptr.
inline const char* readDouble(const char* p, const char* end, double& out) {
  if (const char* q = fastDecimal(p, end, out)) return q;
  const char* s = p < end && *p == '+' ? p + 1 : p;
  const auto r = std::from_chars(s, end, out);
  if (r.ec == std::errc::result_out_of_range) out = outOfRange(s, r.ptr);
  else if (r.ec != std::errc()) return nullptr;
  return r.ptr;
}

// A float, correctly rounded (as strtof would): the double fast path, unless the double lands
// exactly between two floats, where rounding twice could differ from rounding once.
inline const char* readFloat(const char* p, const char* end, float& out) {
  double d = 0;
  if (const char* q = fastDecimal(p, end, d)) {
    const float f = static_cast<float>(d);
    std::uint64_t bits;
    std::memcpy(&bits, &d, 8);
    // A point halfway between two floats has at most 25 significant bits, so the low 28 bits of
    // its double fraction are zero; anything else rounds to float the same way the decimal would.
    if ((bits & 0x0fffffffu) != 0 || static_cast<double>(f) == d) {
      out = f;
      return q;
    }
    const float g = std::nextafter(f, d > static_cast<double>(f) ? HUGE_VALF : -HUGE_VALF);
    if ((static_cast<double>(f) + static_cast<double>(g)) / 2 != d) {
      out = f;
      return q;
    }
  }
  const char* s = p < end && *p == '+' ? p + 1 : p;
  auto r = std::from_chars(s, end, out);
  if (r.ec == std::errc::result_out_of_range) {  // beyond float: narrow the double (±inf, 0, subnormal)
    r = std::from_chars(s, end, d);
    out = static_cast<float>(r.ec == std::errc() ? d : outOfRange(s, r.ptr));
    return r.ec == std::errc() || r.ec == std::errc::result_out_of_range ? r.ptr : nullptr;
  }
  return r.ec == std::errc() ? r.ptr : nullptr;
}

// ---- column conversion: strided values of one type into a channel, no per-point dispatch ----

// Packed 0x00RRGGBB from 4-byte rgb / rgba values: the bit pattern, whether the file calls it F or
// U; alpha dropped.
inline void convertRgb(std::uint32_t* out, const unsigned char* p, std::size_t stride, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t v;
    std::memcpy(&v, p + i * stride, 4);
    out[i] = v & 0x00ffffffu;
  }
}

// n values of type T, the first at p and `stride` bytes apart, as float (minus `shift`). The
// stride is a template constant on the hot paths so the compiler unrolls and vectorises.
template <class T, bool kShift, std::size_t kStride = 0>
void convertAs(float* out, const unsigned char* p, std::size_t stride, std::size_t n, double shift) {
  const std::size_t s = kStride ? kStride : stride;
  for (std::size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, p + i * s, sizeof v);
    if constexpr (kShift) out[i] = static_cast<float>(static_cast<double>(v) - shift);
    else out[i] = static_cast<float>(v);
  }
}

template <class T>
void convertTyped(float* out, const unsigned char* p, std::size_t stride, std::size_t n, double shift) {
  if (shift != 0.0) convertAs<T, true>(out, p, stride, n, shift);
  else convertAs<T, false>(out, p, stride, n, 0.0);
}

// Writes n values (type `kind`, the first at p, `stride` bytes apart) as float, minus `shift`.
inline void convertFloats(float* out, Kind kind, const unsigned char* p, std::size_t stride, std::size_t n, double shift) {
  switch (kind) {
    case Kind::F32:
      // Fast paths: float planes (binary_compressed) and 16- or 32-byte float records (x y z
      // intensity as .bin and PCL's padded PointXYZI write them).
      if (shift == 0.0 && stride == 4) return convertAs<float, false, 4>(out, p, stride, n, 0.0);
      if (shift == 0.0 && stride == 16) return convertAs<float, false, 16>(out, p, stride, n, 0.0);
      if (shift == 0.0 && stride == 32) return convertAs<float, false, 32>(out, p, stride, n, 0.0);
      return convertTyped<float>(out, p, stride, n, shift);
    case Kind::F64: return convertTyped<double>(out, p, stride, n, shift);
    case Kind::I8: return convertTyped<std::int8_t>(out, p, stride, n, shift);
    case Kind::U8: return convertTyped<std::uint8_t>(out, p, stride, n, shift);
    case Kind::I16: return convertTyped<std::int16_t>(out, p, stride, n, shift);
    case Kind::U16: return convertTyped<std::uint16_t>(out, p, stride, n, shift);
    case Kind::I32: return convertTyped<std::int32_t>(out, p, stride, n, shift);
    case Kind::U32: return convertTyped<std::uint32_t>(out, p, stride, n, shift);
    case Kind::I64: return convertTyped<std::int64_t>(out, p, stride, n, shift);
    case Kind::U64: return convertTyped<std::uint64_t>(out, p, stride, n, shift);
  }
}

// The same, appended to a channel (which is not zero-filled first).
inline void appendFloats(FloatChannel& out, Kind kind, const unsigned char* p, std::size_t stride, std::size_t n, double shift) {
  const std::size_t start = out.size();
  out.resize(start + n);
  convertFloats(out.data() + start, kind, p, stride, n, shift);
}

inline void appendRgb(Channel<std::uint32_t>& out, const unsigned char* p, std::size_t stride, std::size_t n) {
  const std::size_t start = out.size();
  out.resize(start + n);
  convertRgb(out.data() + start, p, stride, n);
}

inline double rawValue(Kind kind, const unsigned char* p) {
  auto get = [p](auto v) { std::memcpy(&v, p, sizeof v); return static_cast<double>(v); };
  switch (kind) {
    case Kind::I8: return get(std::int8_t{});
    case Kind::U8: return get(std::uint8_t{});
    case Kind::I16: return get(std::int16_t{});
    case Kind::U16: return get(std::uint16_t{});
    case Kind::I32: return get(std::int32_t{});
    case Kind::U32: return get(std::uint32_t{});
    case Kind::I64: return get(std::int64_t{});
    case Kind::U64: return get(std::uint64_t{});
    case Kind::F32: return get(float{});
    case Kind::F64: return get(double{});
  }
  return 0.0;
}

// One coordinate of the origin: 0, or, when any sampled value is beyond ±1e4 (UTM and the like),
// the centre of the sampled finite values rounded to whole metres. `get(i)` is the i-th value.
template <class Get>
double chooseOrigin(std::size_t n, Get get) {
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  bool large = false;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = get(i);
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    large = large || std::fabs(v) > kGeoThreshold;
  }
  return large ? std::round((lo + hi) / 2) : 0.0;
}

// True when any of the n floats is NaN or infinite (exponent bits all ones). Integer-only, so the
// compiler vectorises it.
inline bool anyNonFinite(const float* p, std::size_t n) {
  std::uint32_t acc = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, p + i, 4);
    acc |= (bits & 0x7f800000u) + 0x00800000u;  // sets bit 31 only for an all-ones exponent
  }
  return (acc & 0x80000000u) != 0;
}

// Appends to `bad` the indices in [start, start + n) whose x, y or z is not finite.
inline void collectInvalid(const PointCloud& c, std::size_t start, std::size_t n, std::vector<std::size_t>& bad) {
  if (!anyNonFinite(c.x.data() + start, n) && !anyNonFinite(c.y.data() + start, n) && !anyNonFinite(c.z.data() + start, n))
    return;
  for (std::size_t i = start; i < start + n; ++i)
    if (!std::isfinite(c.x[i]) || !std::isfinite(c.y[i]) || !std::isfinite(c.z[i])) bad.push_back(i);
}

template <class V>
void eraseSorted(V& v, const std::vector<std::size_t>& bad) {
  if (v.empty()) return;
  std::size_t out = bad.front(), b = 0;
  for (std::size_t i = bad.front(); i < v.size(); ++i) {
    if (b < bad.size() && bad[b] == i) { ++b; continue; }
    v[out++] = v[i];
  }
  v.resize(out);
  if (bad.size() * 8 > out) v.shrink_to_fit();
}

inline void dropInvalid(PointCloud& c, const std::vector<std::size_t>& bad) {
  if (bad.empty()) return;
  eraseSorted(c.x, bad);
  eraseSorted(c.y, bad);
  eraseSorted(c.z, bad);
  eraseSorted(c.intensity, bad);
  eraseSorted(c.rgb, bad);
  for (auto& f : c.extra) eraseSorted(f.values, bad);
}

// Headerless float32 records x y z intensity (KITTI .bin) through the PCD binary decoder: same
// chunked two-thread conversion, origin rule and invalid-point removal. Defined in pcd.cpp.
PointCloud decodeXyziRecords(Source& src, const std::string& name, const char* format, CloudFileInfo* info);

}  // namespace labelstation::io::detail
