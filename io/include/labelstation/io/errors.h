#pragma once
#include <stdexcept>
#include <string>

namespace labelstation::io {

// A file that cannot be read or written as asked. The message names the file and the problem.
class IoError : public std::runtime_error {
 public:
  IoError(const std::string& file, const std::string& problem)
      : std::runtime_error(file + ": " + problem), file_(file) {}
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

}  // namespace labelstation::io
