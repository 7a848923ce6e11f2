#pragma once
// Internal to labelstation_io: what the PCD and PLY readers share. Byte sources (a file read with
// positioned reads into one reused buffer, or memory), checked size arithmetic, per-column
// conversion of strided binary values into float channels, the origin rule for geo-referenced
// clouds and the removal of points with a non-finite x, y or z.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "labelstation/core/point_cloud.h"
#include "labelstation/io/errors.h"

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

// ---- where the bytes come from: a file (positioned reads into one reused buffer) or memory ----

class Source {
 public:
  virtual ~Source() = default;
  std::size_t size() const { return size_; }
  // Bytes [offset, offset + n) of the input, valid until the next call. The caller keeps within size().
  virtual const unsigned char* view(std::size_t offset, std::size_t n) = 0;

 protected:
  std::size_t size_ = 0;
};

class MemorySource final : public Source {
 public:
  explicit MemorySource(std::string_view bytes) : data_(reinterpret_cast<const unsigned char*>(bytes.data())) {
    size_ = bytes.size();
  }
  const unsigned char* view(std::size_t offset, std::size_t) override { return data_ + offset; }

 private:
  const unsigned char* data_;
};

class FileSource final : public Source {
 public:
  FileSource(const std::filesystem::path& path, const std::string& name) : name_(name) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
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
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  const unsigned char* view(std::size_t offset, std::size_t n) override {
    if (n > capacity_) {
      buffer_.reset(new unsigned char[n]);  // uninitialised: every byte is overwritten by pread
      capacity_ = n;
    }
    std::size_t done = 0;
    while (done < n) {
      const ssize_t got = ::pread(fd_, buffer_.get() + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) fail(name_, std::string("read error: ") + std::strerror(errno));
      if (got == 0) fail(name_, "file shrank while reading");
      done += static_cast<std::size_t>(got);
    }
    return buffer_.get();
  }

 private:
  std::string name_;
  int fd_ = -1;
  std::unique_ptr<unsigned char[]> buffer_;
  std::size_t capacity_ = 0;
};

// ---- value types ----

enum class Kind : std::uint8_t { I8, U8, I16, U16, I32, U32, I64, U64, F32, F64 };

inline bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
// ---- column conversion: strided values of one type appended to a channel, no per-point dispatch ----

// Random-access iterator over every `stride`-th value of type T, converted to float (minus `shift`).
// vector::insert takes it in one pass without zero-filling the new elements first.
template <class T, bool kShift, std::size_t kStride>
class ValueIt {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = float;
  using difference_type = std::ptrdiff_t;
  using pointer = const float*;
  using reference = float;

  ValueIt(const unsigned char* base, std::size_t stride, std::size_t index, double shift)
      : base_(base), stride_(kStride ? kStride : stride), index_(index), shift_(shift) {}
  float operator*() const {
    T v;
    std::memcpy(&v, base_ + index_ * (kStride ? kStride : stride_), sizeof v);
    if constexpr (kShift) return static_cast<float>(static_cast<double>(v) - shift_);
    else return static_cast<float>(v);
  }
  float operator[](difference_type n) const { return *(*this + n); }
  ValueIt& operator++() { ++index_; return *this; }
  ValueIt operator++(int) { ValueIt t = *this; ++index_; return t; }
  ValueIt& operator--() { --index_; return *this; }
  ValueIt operator--(int) { ValueIt t = *this; --index_; return t; }
  ValueIt& operator+=(difference_type n) { index_ += static_cast<std::size_t>(n); return *this; }
  ValueIt& operator-=(difference_type n) { index_ -= static_cast<std::size_t>(n); return *this; }
  ValueIt operator+(difference_type n) const { ValueIt t = *this; return t += n; }
  ValueIt operator-(difference_type n) const { ValueIt t = *this; return t -= n; }
  difference_type operator-(const ValueIt& o) const { return static_cast<difference_type>(index_ - o.index_); }
  bool operator==(const ValueIt& o) const { return index_ == o.index_; }
  bool operator!=(const ValueIt& o) const { return index_ != o.index_; }
  bool operator<(const ValueIt& o) const { return index_ < o.index_; }
  bool operator>(const ValueIt& o) const { return index_ > o.index_; }
  bool operator<=(const ValueIt& o) const { return index_ <= o.index_; }
  bool operator>=(const ValueIt& o) const { return index_ >= o.index_; }

 private:
  const unsigned char* base_;
  std::size_t stride_, index_;
  double shift_;
};

template <class T, bool kShift, std::size_t kStride = 0>
void appendAs(std::vector<float>& out, const unsigned char* p, std::size_t stride, std::size_t n, double shift) {
  out.insert(out.end(), ValueIt<T, kShift, kStride>(p, stride, 0, shift), ValueIt<T, kShift, kStride>(p, stride, n, shift));
}

template <class T>
void appendTyped(std::vector<float>& out, const unsigned char* p, std::size_t stride, std::size_t n, double shift) {
  if (shift != 0.0) appendAs<T, true>(out, p, stride, n, shift);
  else appendAs<T, false>(out, p, stride, n, 0.0);
}

inline void appendFloats(std::vector<float>& out, Kind kind, const unsigned char* p, std::size_t stride, std::size_t n, double shift) {
  switch (kind) {
    case Kind::F32:
      // Fast paths: float planes (binary_compressed) and x y z intensity float32 records (16 bytes).
      if (shift == 0.0 && stride == 4) return appendAs<float, false, 4>(out, p, stride, n, 0.0);
      if (shift == 0.0 && stride == 16) return appendAs<float, false, 16>(out, p, stride, n, 0.0);
      return appendTyped<float>(out, p, stride, n, shift);
    case Kind::F64: return appendTyped<double>(out, p, stride, n, shift);
    case Kind::I8: return appendTyped<std::int8_t>(out, p, stride, n, shift);
    case Kind::U8: return appendTyped<std::uint8_t>(out, p, stride, n, shift);
    case Kind::I16: return appendTyped<std::int16_t>(out, p, stride, n, shift);
    case Kind::U16: return appendTyped<std::uint16_t>(out, p, stride, n, shift);
    case Kind::I32: return appendTyped<std::int32_t>(out, p, stride, n, shift);
    case Kind::U32: return appendTyped<std::uint32_t>(out, p, stride, n, shift);
    case Kind::I64: return appendTyped<std::int64_t>(out, p, stride, n, shift);
    case Kind::U64: return appendTyped<std::uint64_t>(out, p, stride, n, shift);
  }
}

inline void appendRgb(std::vector<std::uint32_t>& out, const unsigned char* p, std::size_t stride, std::size_t n) {
  const std::size_t start = out.size();
  out.resize(start + n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t v;
    std::memcpy(&v, p + i * stride, 4);
    out[start + i] = v & 0x00ffffffu;  // the bit pattern, whether the file calls it F or U; alpha dropped
  }
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

// The origin: 0, or the centre of the sampled valid points rounded to whole metres when any of
// their coordinates is large. `get(i, xyz)` fills the i-th sample point.
template <class Get>
std::array<double, 3> chooseOrigin(std::size_t n, Get get) {
  double lo[3] = {HUGE_VAL, HUGE_VAL, HUGE_VAL}, hi[3] = {-HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
  bool large = false;
  for (std::size_t i = 0; i < n; ++i) {
    double p[3];
    get(i, p);
    if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) continue;
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::min(lo[a], p[a]);
      hi[a] = std::max(hi[a], p[a]);
      large = large || std::fabs(p[a]) > kGeoThreshold;
    }
  }
  if (!large) return {0.0, 0.0, 0.0};
  return {std::round((lo[0] + hi[0]) / 2), std::round((lo[1] + hi[1]) / 2), std::round((lo[2] + hi[2]) / 2)};
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

}  // namespace labelstation::io::detail
