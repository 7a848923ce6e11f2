#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace labelstation::io {

namespace detail {
// `text` with control characters and bytes that are not valid UTF-8 written as \xNN: one line of
// valid UTF-8 whatever a file put into it (safe_input.cpp).
std::string printableMessage(std::string_view text);
}  // namespace detail

// A file that cannot be read or written as asked. The message names the file and the problem, in
// one line of valid UTF-8 (bytes quoted from a file are escaped).
class IoError : public std::runtime_error {
 public:
  IoError(const std::string& file, const std::string& problem)
      : std::runtime_error(detail::printableMessage(file + ": " + problem)), file_(file) {}
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

}  // namespace labelstation::io
