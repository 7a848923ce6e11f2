#pragma once
// labelstation-cli's project and format commands. Each returns the process exit code and throws
// io::IoError (exit 1) for unreadable or unwritable files and UsageError (exit 2) for requests
// that cannot be carried out as asked.

#include <filesystem>
#include <stdexcept>
#include <string>

#include "labelstation/io/annotation_set.h"

namespace labelstation::cli {

constexpr int kExitOk = 0;
constexpr int kExitFileError = 1;  // a file could not be read or written (the message names it)
constexpr int kExitUsage = 2;      // bad arguments: unknown format, 2D/3D mismatch, …
constexpr int kExitRefused = 3;    // import refused: unknown labels, frames not in the task, …

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CreateOptions {
  std::filesystem::path project, dataset, labels;
  std::string name;
  bool quiet = false;
};

struct ExportCommand {
  std::filesystem::path project, output;
  std::string format;
  io::ExportOptions options;
  bool quiet = false;
};

struct ImportCommand {
  std::filesystem::path project, input;
  std::string format;
  io::ImportOptions options;
  bool quiet = false;
};

struct ConvertCommand {
  std::filesystem::path input, output;
  std::string from, to;
  io::ExportOptions options;
  bool quiet = false;
};

struct ValidateCommand {
  std::filesystem::path input;
  std::string format;
};

int listFormats();
int createProject(const CreateOptions& options);
int exportProject(const ExportCommand& command);
int importIntoProject(const ImportCommand& command);
int convert(const ConvertCommand& command);
int validate(const ValidateCommand& command);

}  // namespace labelstation::cli
