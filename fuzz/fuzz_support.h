#pragma once
// What every fuzz target shares: a scratch folder of its own (readers that take paths get the
// input written there), inputs holding several files, and the rule for what a reader may do with
// any input: return, or throw IoError with a one-line message in valid UTF-8 that never names a
// temporary folder. Anything else (another exception, a crash, a sanitizer report, a hang, an
// allocation beyond libFuzzer's -malloc_limit_mb) is a finding.
//
// Several files in one input: the pieces between separator lines "\n=== next file ===\n". A
// target writes piece i to the i-th name it knows (a missing piece is an empty file or no file,
// as the target says). fuzz/corpus/make_seeds.sh builds such seeds from the fixtures.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "labelstation/io/errors.h"

namespace fuzz {

namespace fs = std::filesystem;

constexpr std::string_view kSeparator = "\n=== next file ===\n";

inline std::vector<std::string_view> pieces(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string_view> out;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (true) {
    const std::size_t at = rest.find(kSeparator);
    if (at == std::string_view::npos) {
      out.push_back(rest);
      return out;
    }
    out.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
}

inline std::string_view piece(const std::vector<std::string_view>& all, std::size_t i) {
  return i < all.size() ? all[i] : std::string_view();
}

// A folder of this process's own (in memory when /dev/shm is there), removed at exit.
inline const fs::path& scratch() {
  static const fs::path dir = [] {
    std::error_code ec;
    fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path d = base / ("labelstation-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(d, ec);
    fs::create_directories(d);
    std::atexit([] {
      std::error_code e;
      fs::remove_all(scratch(), e);
    });
    return d;
  }();
  return dir;
}

// An empty folder `name` in the scratch folder (emptied if it was there).
inline fs::path freshFolder(const std::string& name) {
  const fs::path d = scratch() / name;
  std::error_code ec;
  fs::remove_all(d, ec);
  fs::create_directories(d);
  return d;
}

inline void writeFile(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline bool validUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
    if (n == 9 || (n == 1 && c < 0xc2) || (n && i + n >= s.size())) return false;
    for (std::size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

[[noreturn]] inline void finding(const char* what, const std::string& message) {
  std::fprintf(stderr, "\n*** fuzz finding: %s: %s\n", what, message.c_str());
  std::abort();
}

// Runs `f` on `input`; a refusal (IoError) must be one line of valid UTF-8 that names no
// temporary folder a zip was extracted to (unless the input itself holds such a name: libFuzzer
// learns the strings a target compares with and puts them into inputs).
template <class F>
void guarded(F&& f, std::string_view input) {
  try {
    f();
  } catch (const labelstation::io::IoError& e) {
    const std::string m = e.what();
    if (m.find('\n') != std::string::npos || m.find('\r') != std::string::npos) finding("a refusal of several lines", m);
    if (!validUtf8(m)) finding("a refusal that is not valid UTF-8", m);
    for (const char* temporary : {"labelstation-import-", "labelstation-dataset-"})
      if (m.find(temporary) != std::string::npos && input.find(temporary) == std::string_view::npos)
        finding("a refusal naming a temporary folder", m);
  } catch (const std::exception& e) {
    finding("an exception other than IoError", e.what());
  }
}

}  // namespace fuzz

// ---- annotation formats ----

#include "labelstation/io/annotation_formats.h"

namespace fuzz {

// Imports `input` with the format `id` and maps the result onto its own task (missing labels
// created), as an import into the window does; masks become polygons for some targets (by the
// parity of the input's path length, fixed per target) so both paths are fuzzed.
inline void importWith(const char* id, const fs::path& input, std::string_view bytes) {
  using namespace labelstation::io;
  const AnnotationFormat* format = findAnnotationFormat(id);
  if (!format) finding("unknown format", id);
  guarded([&] {
    ImportOptions options;
    options.createMissingLabels = true;
    options.masksToPolygons = (input.native().size() & 1) != 0;
    const AnnotationSet set = format->importer(input, options);
    const ImportPlan plan = planImport(set, set.task, options);
    (void)plan;
  }, bytes);
}

}  // namespace fuzz
