#pragma once
// LZF, the byte-oriented LZ77 variant PCD's binary_compressed mode uses (internal to
// labelstation_io). The stream is a sequence of
//   literal run:  control byte c < 32, then c + 1 literal bytes;
//   back-reference: control byte c >= 32 with length code L = c >> 5 (L == 7: add the next byte),
//                   then one byte b; copy L + 2 bytes from (output position - ((c & 31) << 8 | b) - 1),
//                   byte by byte, so source and destination may overlap.
// Written from that description; no other implementation was used.

#include <cstddef>
#include <stdexcept>

namespace labelstation::io::lzf {

// A corrupt or inconsistent stream. The message says what is wrong and at which input byte.
class LzfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Resumable decoding into a sliding window. Back-references reach at most 8192 bytes back, so a
// caller that keeps the last 8192 output bytes in front of `pos` can consume the output piecewise
// without ever holding all of it.
class Decoder {
 public:
  Decoder(const unsigned char* in, std::size_t inSize) : in_(in), size_(inSize) {}
  // Decodes into out[pos, capacity); back-references may read out[0, pos). Stops at the end of the
  // stream or before a token that does not fit, and returns the new output position. Throws
  // LzfError for a corrupt stream (including a back-reference before out[0]).
  std::size_t decode(unsigned char* out, std::size_t pos, std::size_t capacity);
  bool finished() const { return ip_ >= size_; }
  std::size_t consumed() const { return ip_; }

 private:
  const unsigned char* in_;
  std::size_t size_, ip_ = 0;
};

constexpr std::size_t kMaxDistance = 8192;  // the farthest a back-reference reaches
constexpr std::size_t kMaxToken = 264;      // the most bytes one token writes

// Decodes `in` into `out`, which must have room for `outCapacity` bytes, and returns the number of
// bytes written. Every read and write is bounds-checked: a stream that would read past its end,
// write past `outCapacity`, or refer before the start of the output throws LzfError.
std::size_t decompress(const unsigned char* in, std::size_t inSize, unsigned char* out, std::size_t outCapacity);

// The largest output compress() can produce for `inSize` bytes (all literals plus one control
// byte per 32).
constexpr std::size_t compressBound(std::size_t inSize) { return inSize + inSize / 32 + 16; }

// Greedy hash-table compressor producing a valid LZF stream. `out` must hold compressBound(inSize)
// bytes. Returns the number of bytes written (0 for empty input).
std::size_t compress(const unsigned char* in, std::size_t inSize, unsigned char* out);

// Back-references are at most this many bytes long, so a stream of n bytes decodes to at most
// about maxExpansion · n bytes; readers use it to refuse absurd "uncompressed size" headers.
constexpr std::size_t maxExpansion = 88;

}  // namespace labelstation::io::lzf
