#include "lzf.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace labelstation::io::lzf {
namespace {

constexpr std::size_t kMaxLiteralRun = 32;                 // control byte 0..31 → 1..32 bytes
constexpr std::size_t kMaxOffset = (std::size_t{31} << 8) + 255 + 1;  // 8192
constexpr std::size_t kMinMatch = 3;                       // length code 1 → 3 bytes
constexpr std::size_t kMaxMatch = 7 + 255 + 2;             // 264
constexpr unsigned kHashBits = 14;

[[noreturn]] void corrupt(const char* what, std::size_t at) {
  throw LzfError(std::string(what) + " at compressed byte " + std::to_string(at));
}

}  // namespace

std::size_t Decoder::decode(unsigned char* out, std::size_t pos, std::size_t capacity) {
  const unsigned char* in = in_;
  std::size_t ip = ip_, op = pos;
  while (ip < size_) {
    const std::size_t ctrlAt = ip;
    const unsigned ctrl = in[ip];
    if (ctrl < 32) {  // literal run
      const std::size_t len = ctrl + 1;
      if (len > size_ - ip - 1) corrupt("literal run goes past the end of the stream", ctrlAt);
      if (len > capacity - op) break;  // does not fit: the caller makes room (or reports overflow)
      std::memcpy(out + op, in + ip + 1, len);
      ip += 1 + len;
      op += len;
      continue;
    }
    std::size_t len = ctrl >> 5, next = ip + 1;
    if (len == 7) {
      if (next >= size_) corrupt("back-reference length byte missing", ctrlAt);
      len += in[next++];
    }
    if (next >= size_) corrupt("back-reference offset byte missing", ctrlAt);
    const std::size_t distance = (((ctrl & 0x1fu) << 8) | in[next++]) + 1;
    len += 2;
    if (distance > op) corrupt("back-reference points before the start of the output", ctrlAt);
    if (len > capacity - op) break;
    ip = next;
    unsigned char* dst = out + op;
    const unsigned char* src = dst - distance;
    if (distance >= len) {
      std::memcpy(dst, src, len);  // no overlap
    } else if (distance >= 8) {
      std::size_t i = 0;  // 8-byte steps never read bytes this copy has not written yet
      for (; i + 8 <= len; i += 8) std::memcpy(dst + i, src + i, 8);
      for (; i < len; ++i) dst[i] = src[i];
    } else {
      for (std::size_t i = 0; i < len; ++i) dst[i] = src[i];  // short repeating pattern
    }
    op += len;
  }
  ip_ = ip;
  return op;
}

std::size_t decompress(const unsigned char* in, std::size_t inSize, unsigned char* out, std::size_t outCapacity) {
  Decoder decoder(in, inSize);
  const std::size_t n = decoder.decode(out, 0, outCapacity);
  if (!decoder.finished()) corrupt("the stream overflows the declared uncompressed size", decoder.consumed());
  return n;
}

std::size_t compress(const unsigned char* in, std::size_t inSize, unsigned char* out) {
  std::vector<std::uint32_t> table(std::size_t{1} << kHashBits, 0);  // position + 1; 0 = empty
  std::size_t op = 0, ip = 0, literalStart = 0;

  auto flushLiterals = [&](std::size_t end) {
    while (literalStart < end) {
      const std::size_t run = std::min(kMaxLiteralRun, end - literalStart);
      out[op++] = static_cast<unsigned char>(run - 1);
      std::memcpy(out + op, in + literalStart, run);
      op += run;
      literalStart += run;
    }
  };
  auto hashAt = [&](std::size_t p) {
    const std::uint32_t v = (std::uint32_t{in[p]} << 16) | (std::uint32_t{in[p + 1]} << 8) | in[p + 2];
    return (v * 2654435761u) >> (32 - kHashBits);
  };

  while (ip + kMinMatch <= inSize) {
    const std::uint32_t h = hashAt(ip);
    const std::size_t candidate = table[h];
    table[h] = static_cast<std::uint32_t>(ip + 1);
    if (candidate != 0) {
      const std::size_t ref = candidate - 1;
      const std::size_t distance = ip - ref;
      if (distance <= kMaxOffset && std::memcmp(in + ref, in + ip, kMinMatch) == 0) {
        const std::size_t maxLen = std::min(kMaxMatch, inSize - ip);
        std::size_t len = kMinMatch;
        while (len < maxLen && in[ref + len] == in[ip + len]) ++len;
        flushLiterals(ip);
        const std::size_t code = len - 2, off = distance - 1;
        if (code < 7) {
          out[op++] = static_cast<unsigned char>((code << 5) | (off >> 8));
        } else {
          out[op++] = static_cast<unsigned char>((7u << 5) | (off >> 8));
          out[op++] = static_cast<unsigned char>(code - 7);
        }
        out[op++] = static_cast<unsigned char>(off & 0xff);
        // Remember the last positions inside the match so runs keep matching.
        const std::size_t end = ip + len;
        for (std::size_t p = (end > ip + 2 ? end - 2 : ip + 1); p + kMinMatch <= inSize && p < end; ++p)
          table[hashAt(p)] = static_cast<std::uint32_t>(p + 1);
        ip = end;
        literalStart = ip;
        continue;
      }
    }
    ++ip;
  }
  flushLiterals(inSize);
  return op;
}

}  // namespace labelstation::io::lzf
