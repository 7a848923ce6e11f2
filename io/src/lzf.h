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
