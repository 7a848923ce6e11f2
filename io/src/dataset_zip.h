#pragma once
// Zip extraction for the dataset scanner (internal to labelstation_io).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "labelstation/io/dataset.h"

namespace labelstation::io::detail {

// Throws IoError unless `folder` is missing or an empty folder.
void requireEmptyFolder(const std::filesystem::path& folder);

struct ZipExtraction {
  std::shared_ptr<DeferredZipMedia> deferred;  // null when nothing was deferred
  std::vector<std::string> deferredFiles;      // their paths relative to the destination
};

// Extracts the zip as extractZip does; with `deferMedia`, point clouds and images stay in the
// archive (not even their files exist) until the returned DeferredZipMedia extracts them.
ZipExtraction extractZipEntries(const std::filesystem::path& zip, const std::filesystem::path& destination,
                                std::uint64_t maxUncompressedBytes, bool deferMedia);

}  // namespace labelstation::io::detail
