#pragma once
// Internal to labelstation_io: the rules every reader follows with bytes it did not write.
//  - Messages quote file content only as printable text: printable() keeps printable ASCII and
//    valid UTF-8, and writes every other byte as \xNN, so stderr stays valid UTF-8 on one line.
//  - JSON is parsed with a nesting limit (kMaxJsonDepth): nlohmann's dump() and the readers walk
//    values recursively, so a file of 100,000 '[' would otherwise overflow the stack. Its errors
//    become one clean line naming the file (no "[json.exception…]" prefix, no raw bytes).
//  - Counts a file declares are checked against what the file can hold before anything is sized
//    by them (see fitsInFile()).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "labelstation/io/errors.h"

namespace labelstation::io::detail {

// Nesting deeper than this is refused; CVAT's and datumaro's files use fewer than 10 levels.
constexpr int kMaxJsonDepth = 100;

// `bytes` as printable text: printable ASCII and valid UTF-8 sequences as they are, any other byte
// as \xNN (a backslash doubled); cut to about `max` bytes with "…" when longer.
std::string printable(std::string_view bytes, std::size_t max = 80);

// Throws IoError(name, "nested deeper than … levels") when JSON `text` opens more than `maxDepth`
// arrays / objects inside each other (strings are skipped; the text need not be valid JSON).
void checkJsonDepth(std::string_view text, const std::string& name, int maxDepth = kMaxJsonDepth);

// The message of a nlohmann exception without its "[json.exception.…] " prefix, made printable.
std::string jsonErrorText(const std::exception& e);

// Parses JSON from a file or a line of one: depth checked first, errors as IoError(name,
// "malformed JSON: …") in one printable line. `what` replaces "malformed JSON" when given.
nlohmann::json parseJson(std::string_view text, const std::string& name, const char* what = "malformed JSON");
nlohmann::ordered_json parseOrderedJson(std::string_view text, const std::string& name, const char* what = "malformed JSON");

// True when `count` items of at least `minBytes` bytes each can come from `available` bytes:
// readers call it before sizing anything by a count a file declares.
inline bool fitsInFile(std::uint64_t count, std::uint64_t minBytes, std::uint64_t available) {
  return minBytes == 0 || count <= available / minBytes;
}

}  // namespace labelstation::io::detail
