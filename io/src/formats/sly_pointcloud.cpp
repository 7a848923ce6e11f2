// Not yet supported: the reader and writer for this format are being written.
#include "formats.h"

#include "labelstation/io/errors.h"

namespace labelstation::io::formats {

AnnotationSet importSlyPointcloud(const std::filesystem::path& input, const ImportOptions&) {
  throw IoError(input.string(), "not yet supported");
}

void exportSlyPointcloud(const AnnotationSet&, const std::filesystem::path& output, const ExportOptions&) {
  throw IoError(output.string(), "not yet supported");
}

}  // namespace labelstation::io::formats
