// What every reader does with hostile input: only regular files are read (a FIFO or /dev/zero
// named like an input is refused at once), messages stay one line of valid UTF-8, nesting and
// declared sizes are bounded by what the file holds, and a file truncated while it is read is an
// error, not a crash (files are read with pread, never memory-mapped).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"
#include "labelstation/io/pcd.h"
#include "labelstation/io/ply.h"
#include "labelstation/io/project.h"
#include "labelstation/io/point_cloud_io.h"
#include "temp_dir.h"
#include "../../io/src/cloud_decode.h"  // the SIGBUS guard, tested directly

namespace labelstation::io {
namespace {

namespace fs = std::filesystem;
using labelstation::testing::TempDir;
using Clock = std::chrono::steady_clock;

// The IoError `f` throws within `seconds`; fails the test on a hang or no error.
template <class F>
std::string refusal(F f, double seconds = 30.0) {
  auto result = std::async(std::launch::async, [f]() -> std::string {
    try {
      f();
    } catch (const IoError& e) {
      return e.what();
    } catch (const std::exception& e) {
      return std::string("not an IoError: ") + e.what();
    }
    return "no error";
  });
  if (result.wait_for(std::chrono::duration<double>(seconds)) != std::future_status::ready) {
    ADD_FAILURE() << "still running after " << seconds << " s";
    std::abort();  // the reader is blocked: nothing else can end the test
  }
  return result.get();
}

bool oneLineUtf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    const std::size_t n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 9;
    if (n == 9 || i + n >= s.size() + (n == 0)) return false;
    for (std::size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

TEST(InputSafety, FifosAndDevicesAreRefusedNotReadForever) {
  TempDir dir;
  const fs::path fifo = dir.path() / "annotations.xml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const fs::path zero = dir.path() / "labels.json";
  fs::create_symlink("/dev/zero", zero);
  const fs::path cloudFifo = dir.path() / "scan.pcd";
  ASSERT_EQ(::mkfifo(cloudFifo.c_str(), 0600), 0);
  const fs::path zipFifo = dir.path() / "data.zip";
  ASSERT_EQ(::mkfifo(zipFifo.c_str(), 0600), 0);

  for (const fs::path& p : {fifo, zero}) {
    const std::string m = refusal([p] { readWholeFile(p); });
    EXPECT_NE(m.find("not a regular file"), std::string::npos) << m;
    EXPECT_NE(m.find(p.string()), std::string::npos) << m;
  }
  EXPECT_NE(refusal([zero] { readLabelJsonFile(zero); }).find("not a regular file"), std::string::npos);
  EXPECT_NE(refusal([cloudFifo] { readPointCloud(cloudFifo); }).find("not a regular file"), std::string::npos);
  EXPECT_NE(refusal([zipFifo] { scanDataset(zipFifo); }).find("neither a folder nor a .zip"), std::string::npos);
  EXPECT_NE(refusal([fifo] { readCalibrationJson(fifo); }).find("not a regular file"), std::string::npos);
  EXPECT_FALSE(isRegularFile(fifo));
  EXPECT_FALSE(isRegularFile(zero));
}

TEST(InputSafety, MessagesQuoteFileBytesAsPrintableText) {
  // Invalid UTF-8, a newline and an escape sequence in what the reader quotes.
  const std::string m = refusal([] { parsePcd("VERSION 0.7\nFIELDS x y z\nBAD\xff\xfe\x1b[31m\n", "odd.pcd"); });
  EXPECT_TRUE(oneLineUtf8(m)) << m;
  EXPECT_NE(m.find("\\xFF\\xFE\\x1B"), std::string::npos) << m;
  const std::string j = refusal([] { parseLabelJson("[{\"name\": \"\xc3\x28\"]", "labels.json"); });
  EXPECT_TRUE(oneLineUtf8(j)) << j;
  EXPECT_EQ(j.find("[json.exception"), std::string::npos) << j;
  EXPECT_NE(j.find("labels.json: not valid JSON"), std::string::npos) << j;
  const std::string c = refusal([] { parseCalibrationJson(R"({"cameras": [{"name": 3, "K": []}]})", "calibration.json"); });
  EXPECT_NE(c.find("calibration.json: malformed calibration: type must be string"), std::string::npos) << c;
  // Valid UTF-8 stays as it is.
  const std::string u = refusal([] { parsePcd("VERSION 0.7\nFIELDS x y z\nSTRAẞE 1\n", "straße.pcd"); });
  EXPECT_NE(u.find("straße.pcd"), std::string::npos) << u;
  EXPECT_NE(u.find("STRAẞE"), std::string::npos) << u;
}

TEST(InputSafety, DeeplyNestedJsonIsRefused) {
  const std::string deep(100000, '[');
  const std::string m = refusal([deep] { parseLabelJson(deep, "labels.json"); });
  EXPECT_NE(m.find("nested deeper than 100 levels"), std::string::npos) << m;
  EXPECT_NE(refusal([deep] { parseCalibrationJson("{\"cameras\":" + deep, "calibration.json"); }).find("nested deeper"),
            std::string::npos);
  // Brackets inside strings do not count; 100 levels are fine.
  EXPECT_NO_THROW(parseLabelJson("[{\"name\": \"" + deep + "\", \"type\": \"any\"}]", "labels.json"));
}

TEST(InputSafety, ADeeplyNestedJournalLineIsSkippedNotDumped) {
  // The journal's "labels" were dumped back to text (recursively): 100,000 levels overflowed the
  // stack. Now the line is refused by depth and reported like any damaged line.
  TempDir dir;
  const fs::path project = dir.path() / "task.lsproj";
  ProjectContents contents;
  contents.task.name = "t";
  contents.task.frames.push_back(FrameInfo{"a.png", "", {}, false, 0, 0});
  saveProject(project, contents);
  {
    std::ofstream journal(project.string() + ".journal", std::ios::app);
    journal << "{\"labels\": " << std::string(100000, '[') << std::string(100000, ']') << ", \"objects\": [], \"frames\": []}\n";
  }
  const LoadedProject loaded = loadProject(project);
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_NE(loaded.warnings[0].find("line 2"), std::string::npos) << loaded.warnings[0];
  // And in the project file itself: an error naming the file.
  std::ofstream(project, std::ios::trunc) << "{\"format\": \"labelstation project\", \"objects\": " << std::string(100000, '[');
  const std::string m = refusal([project] { loadProject(project); });
  EXPECT_NE(m.find(project.string() + ": JSON nested deeper than 100 levels"), std::string::npos) << m;
}

TEST(InputSafety, LabelIdsNearIntMaxAreRefused) {
  const std::string m = refusal([] { parseLabelJson(R"([{"name": "car", "id": 2147483647}])", "labels.json"); });
  EXPECT_NE(m.find("id 2147483647 is out of range"), std::string::npos) << m;
  EXPECT_NE(refusal([] { parseLabelJson(R"([{"name": "car", "attributes": [{"name": "a", "input_type": "text", "id": 9223372036854775807}]}])",
                                        "labels.json"); })
                .find("out of range"),
            std::string::npos);
}

TEST(InputSafety, ALongSkeletonSvgIsReadInLinearTime) {
  // 40 KB of attribute text with no closing quote, and many unterminated tags: a backtracking
  // regex took seconds over this.
  std::string svg = "<circle r=\\\"" + std::string(40000, 'a') + " <line " + std::string(20000, ' ');
  const std::string labels = R"([{"name": "person", "type": "skeleton", "svg": ")" + svg +
                             R"(", "sublabels": [{"name": "head", "type": "points"}]}])";
  const auto start = Clock::now();
  EXPECT_NO_THROW(parseLabelJson(labels, "labels.json"));
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 5.0);  // seconds to minutes before
}

TEST(InputSafety, APcdFieldOfAHundredThousandValuesIsRead) {
  // COUNT 100000: 100,000 channels, named in constant time each (this took minutes).
  std::string pcd = "VERSION 0.7\nFIELDS x y z f\nSIZE 4 4 4 1\nTYPE F F F U\nCOUNT 1 1 1 100000\nWIDTH 1\nPOINTS 1\nDATA binary\n";
  pcd += std::string(12 + 100000, '\0');
  const auto start = Clock::now();
  const PointCloud cloud = parsePcd(pcd, "wide.pcd");
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 10.0);  // minutes before
  ASSERT_EQ(cloud.extra.size(), 100000u);
  EXPECT_EQ(cloud.extra.back().name, "f_99999");
  // Declared but not in the file: refused before any channel is made.
  const std::string m = refusal([] {
    parsePcd("VERSION 0.7\nFIELDS x y z f\nSIZE 4 4 4 1\nTYPE F F F U\nCOUNT 1 1 1 100000000\nWIDTH 2\nPOINTS 2\nDATA ascii\n1 2 3\n", "wide.pcd");
  });
  EXPECT_NE(m.find("values per point"), std::string::npos) << m;
}

TEST(InputSafety, PlyCountsAreBoundedByTheData) {
  // An element of no properties with a huge count before the vertices: nothing to skip (this hung).
  std::string ply = "ply\nformat binary_little_endian 1.0\nelement junk 18446744073709551615\nelement vertex 1\n"
                    "property float x\nproperty float y\nproperty float z\nend_header\n";
  ply += std::string(12, '\0');
  EXPECT_EQ(parsePly(ply, "junk.ply").size(), 1u);
  const std::string m = refusal([] {
    parsePly("ply\nformat ascii 1.0\nelement vertex 3000000000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n",
             "huge.ply");
  });
  EXPECT_NE(m.find("vertices cannot fit"), std::string::npos) << m;
}

TEST(InputSafety, AFaultInAMappedFileBecomesAnError) {
  // Deterministic: the file is mapped, then truncated to nothing; reading the mapping raises
  // SIGBUS, which readingMapped turns into an IoError. The process lives on and reads again.
  TempDir dir;
  const fs::path file = dir.file("mapped.bin", std::string(3 * 4096, 'x'));
  detail::FileSource src(file, file.string());
  const unsigned char* map = src.mapped();
  ASSERT_NE(map, nullptr);
  ASSERT_EQ(::truncate(file.c_str(), 0), 0);
  volatile unsigned sum = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      detail::readingMapped(map, src.size(), file.string(), [&] {
        for (std::size_t i = 0; i < src.size(); i += 512) sum = sum + map[i];
      });
      FAIL() << "read a truncated mapping";
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find("file shrank while reading"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(readPcd(file), IoError);  // an empty file now, refused as usual
}

TEST(InputSafety, AFileTruncatedWhileItIsReadIsAnErrorNotACrash) {
  // 1,000,000 points of 16 bytes: read with positioned reads in 256 KB pieces by two threads. A
  // writer truncates the file while the reader runs; with a memory map this raised SIGBUS.
  TempDir dir;
  PointCloud cloud;
  for (int i = 0; i < 1000000; ++i) {
    cloud.x.push_back(static_cast<float>(i));
    cloud.y.push_back(1.0f);
    cloud.z.push_back(2.0f);
    cloud.intensity.push_back(0.5f);
  }
  const std::string bytes = encodePcd(cloud, PcdEncoding::Binary);
  const fs::path file = dir.path() / "shrinking.pcd";
  int errors = 0, complete = 0;
  for (int round = 0; round < 20; ++round) {
    { std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes; }
    std::atomic<bool> started{false};
    std::thread truncater([&] {
      while (!started) std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::microseconds(200 * round));
      ::truncate(file.c_str(), static_cast<off_t>(bytes.size() / 3));
    });
    try {
      started = true;
      const PointCloud read = readPcd(file);
      EXPECT_EQ(read.size(), 1000000u);  // read before the truncation
      ++complete;
    } catch (const IoError& e) {
      const std::string m = e.what();
      EXPECT_TRUE(m.find("shrank") != std::string::npos || m.find("truncated") != std::string::npos) << m;
      ++errors;
    }
    truncater.join();
  }
  EXPECT_EQ(errors + complete, 20);
}

}  // namespace
}  // namespace labelstation::io
