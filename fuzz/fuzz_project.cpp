// The project file and its journal. Piece 0: task.lsproj; piece 1: task.lsproj.journal (none
// when absent). Loaded (journal replayed) and turned into a document, as opening it does.
#include "fuzz_support.h"
#include "labelstation/io/project.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace labelstation::io;
  const auto p = fuzz::pieces(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fuzz::fs::path dir = fuzz::freshFolder("project");
  fuzz::writeFile(dir / "task.lsproj", fuzz::piece(p, 0));
  if (p.size() > 1) fuzz::writeFile(dir / "task.lsproj.journal", p[1]);
  fuzz::guarded([&] {
    const LoadedProject loaded = loadProject(dir / "task.lsproj");
    (void)documentOf(loaded.contents);
  }, bytes);
  return 0;
}
