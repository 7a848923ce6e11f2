#pragma once
// Saves that never lose work: the content goes to a temporary file beside the target, is flushed
// to disk, and only then renamed over the target. A crash leaves the old file or the new one.

#include <cstddef>
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
// Leftovers of saves and exports that a crash or kill interrupted, beside `target`: the
// temporary copies of atomic saves (".NAME.tmp<pid>_<n>"), folder exports' staging and replaced
// folders (".NAME.staging<pid>_<n>", ".NAME.old<pid>_<n>") and zips being packed
// ("NAME.partial-<pid>"). Only those whose process is gone (no process <pid> on this machine) and
// that were not modified in the last minute are removed: a save in progress, here or in another
// process, is never touched. Saves and exports call it for their target; returns how many it removed.
std::size_t removeStaleLeftovers(const std::filesystem::path& target);

// Reads a whole regular file (symlinks followed); throws IoError naming the file (or `shownName`,
// e.g. "<zip>: <entry>") when it cannot, and for FIFOs, devices and sockets, which are never
// read as input (a FIFO would block forever, /dev/zero never ends).
std::string readWholeFile(const std::filesystem::path& path);
std::string readWholeFile(const std::filesystem::path& path, const std::string& shownName);
// True for a regular file or a symlink to one.
bool isRegularFile(const std::filesystem::path& path);

}  // namespace labelstation::io
