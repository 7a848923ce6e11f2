#include "labelstation/io/kitti_bin.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {

PointCloud readKittiBin(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path.string(), std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw IoError(path.string(), std::string("cannot stat: ") + std::strerror(errno));
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size % 16 != 0) {
    ::close(fd);
    throw IoError(path.string(), "size " + std::to_string(size) +
                                     " bytes is not a multiple of 16 (x, y, z, reflectance as float32): truncated or not a KITTI scan");
  }
  // Read in cache-sized chunks and split each into the arrays at once: one pass over memory
  // instead of a file-sized staging buffer that is written and read again.
  const std::size_t count = size / 16;
  PointCloud cloud;
  cloud.x.resize(count);
  cloud.y.resize(count);
  cloud.z.resize(count);
  cloud.intensity.resize(count);
  constexpr std::size_t kChunkPoints = 16384;
  std::vector<float> chunk(kChunkPoints * 4);
  for (std::size_t first = 0; first < count; first += kChunkPoints) {
    const std::size_t n = std::min(kChunkPoints, count - first);
    const std::size_t bytes = n * 16;
    std::size_t done = 0;
    auto* dst = reinterpret_cast<char*>(chunk.data());
    while (done < bytes) {
      const ssize_t r = ::pread(fd, dst + done, bytes - done, static_cast<off_t>(first * 16 + done));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        ::close(fd);
        throw IoError(path.string(), r == 0 ? "file shrank while reading" : std::string("read error: ") + std::strerror(errno));
      }
      done += static_cast<std::size_t>(r);
    }
    const float* src = chunk.data();
    for (std::size_t i = 0; i < n; ++i) {
      cloud.x[first + i] = src[4 * i];
      cloud.y[first + i] = src[4 * i + 1];
      cloud.z[first + i] = src[4 * i + 2];
      cloud.intensity[first + i] = src[4 * i + 3];
    }
  }
  ::close(fd);
  return cloud;
}

void writeKittiBin(const std::filesystem::path& path, const PointCloud& cloud) {
  std::string bytes(cloud.size() * 16, '\0');
  auto* out = reinterpret_cast<float*>(bytes.data());
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    out[4 * i] = cloud.x[i];
    out[4 * i + 1] = cloud.y[i];
    out[4 * i + 2] = cloud.z[i];
    out[4 * i + 3] = cloud.intensity.empty() ? 0.0f : cloud.intensity[i];
  }
  writeFileAtomically(path, bytes);
}

}  // namespace labelstation::io
