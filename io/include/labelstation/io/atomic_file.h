#pragma once
// Saves that never lose work: the content goes to a temporary file beside the target, is flushed
// to disk, and only then renamed over the target. A crash leaves the old file or the new one.

#include <filesystem>
#include <string>
#include <string_view>

namespace labelstation::io {

void writeFileAtomically(const std::filesystem::path& path, std::string_view content);
// Reads a whole file; throws IoError naming the file when it cannot.
std::string readWholeFile(const std::filesystem::path& path);

}  // namespace labelstation::io
