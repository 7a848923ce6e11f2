#pragma once
// Saves that never lose work: the content goes to a temporary file beside the target, is flushed
// to disk, and only then renamed over the target. A crash leaves the old file or the new one.

#include <filesystem>
#include <string>
#include <string_view>

namespace labelstation::io {

// Deferred skips the flushes (the rename stays atomic): for writing thousands of export files,
// followed by one flushFileSystemOf() instead of two fsyncs per file.
enum class Durability { Flushed, Deferred };
void writeFileAtomically(const std::filesystem::path& path, std::string_view content, Durability durability = Durability::Flushed);
// Flushes everything written to the file system that holds `path` (syncfs). Throws IoError.
void flushFileSystemOf(const std::filesystem::path& path);
// Reads a whole file; throws IoError naming the file when it cannot.
std::string readWholeFile(const std::filesystem::path& path);

}  // namespace labelstation::io
