// Annotation readers against what fuzzing found: numbers out of range are refused (not wrapped to
// 0), sizes a file declares are bounded before anything is allocated, nesting is limited, and a
// refusal names the zip and its member, never the temporary folder it was extracted to.
#include <zip.h>

#include <chrono>

#include "format_test_support.h"

namespace labelstation::io::testing {
namespace {

namespace fs = std::filesystem;

std::string videoXml(const std::string& size, const std::string& frame) {
  return "<annotations><version>1.1</version><meta><task><size>" + size +
         "</size><mode>interpolation</mode><labels><label><name>car</name><type>rectangle</type></label></labels>"
         "</task></meta><track id=\"0\" label=\"car\"><box frame=\"" + frame +
         "\" keyframe=\"1\" outside=\"0\" occluded=\"0\" xtl=\"1\" ytl=\"1\" xbr=\"5\" ybr=\"5\" z_order=\"0\"/></track></annotations>";
}

class FormatLimits : public FormatFolderTest {
 protected:
  FormatLimits() : FormatFolderTest("cvat_video") {}
  std::string errorOf(const std::string& format, const fs::path& input) {
    const auto start = std::chrono::steady_clock::now();
    std::string m;
    try {
      importAs(format, input);
      ADD_FAILURE() << "no IoError for " << input;
    } catch (const IoError& e) {
      m = e.what();
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 10.0) << m;  // minutes before
    return m;
  }
};

TEST_F(FormatLimits, VideoFramesOutOfRangeAreRefused) {
  write(dir_ / "a.xml", videoXml("3", "2"));
  EXPECT_EQ(importAs("cvat_video", dir_ / "a.xml").task.frames.size(), 3u);
  write(dir_ / "b.xml", videoXml("3", "4294967296"));  // was read as frame 0
  EXPECT_NE(errorOf("cvat_video", dir_ / "b.xml").find("frame=\"4294967296\" is not a whole number from 0 to 2147483647"),
            std::string::npos);
  write(dir_ / "c.xml", videoXml("3", "99999999999"));
  EXPECT_NE(errorOf("cvat_video", dir_ / "c.xml").find("is not a whole number"), std::string::npos);
  write(dir_ / "d.xml", videoXml("3", "2000000000"));  // one entry per frame up to it: 2e9 frames
  EXPECT_NE(errorOf("cvat_video", dir_ / "d.xml").find("beyond the 1000000 frames"), std::string::npos);
  write(dir_ / "e.xml", videoXml("99999999", "2"));
  EXPECT_NE(errorOf("cvat_video", dir_ / "e.xml").find("<size> declares 99999999 frames"), std::string::npos);
  write(dir_ / "f.xml", videoXml("-5", "2"));
  EXPECT_NE(errorOf("cvat_video", dir_ / "f.xml").find("<size>-5</size> is not a whole number"), std::string::npos);
}

TEST_F(FormatLimits, ManyLabelsAreReadInLinearTimeUpToTheLimit) {
  // 10,000 labels no <meta> declares, over 20,000 tags: each label was looked up and the whole
  // schema validated per shape (minutes). One more label is refused.
  auto xml = [](int labels) {
    std::string s = "<annotations><version>1.1</version><image id=\"0\" name=\"a.png\" width=\"10\" height=\"10\">";
    for (int i = 0; i < 2 * labels; ++i) s += "<tag label=\"l" + std::to_string(i % labels) + "\" source=\"manual\"/>";
    return s + "</image></annotations>";
  };
  write(dir_ / "many.xml", xml(10000));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(importAs("cvat_images", dir_ / "many.xml").task.labels.allLabels().size(), 10000u);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 15.0);  // ~1 s; minutes before
  write(dir_ / "more.xml", xml(10001));
  EXPECT_NE(errorOf("cvat_images", dir_ / "more.xml").find("more than 10000 labels"), std::string::npos);
  std::string rows;
  for (int i = 0; i <= 10000; ++i) rows += "T" + std::to_string(i) + " 0 0 0 0 0 10 10 1.5 1.6 3.9 1 1.7 10 0.1\n";
  write(dir_ / "kitti" / "label_2" / "000000.txt", rows);
  write(dir_ / "kitti" / "calib" / "000000.txt",
        "P2: 700 0 600 45 0 700 170 0 0 0 1 0\nR0_rect: 1 0 0 0 1 0 0 0 1\nTr_velo_to_cam: 0 -1 0 0 0 0 -1 0 1 0 0 0\n");
  const std::string m = errorOf("kitti_object", dir_ / "kitti");
  EXPECT_NE(m.find("000000.txt: more than 10000 labels"), std::string::npos) << m;
}

TEST_F(FormatLimits, KittiRawFramesAreBounded) {
  // One frame_list.txt line naming frame 50,000,000 made an entry for every frame before it.
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<boost_serialization signature="serialization::archive" version="9"><tracklets class_id="0" tracking_level="0" version="0">
<count>0</count><item_version>1</item_version></tracklets></boost_serialization>)";
  write(dir_ / "kr" / "tracklet_labels.xml", xml);
  write(dir_ / "kr" / "frame_list.txt", "50000000 0000000001\n");
  const std::string m = errorOf("kitti_raw", dir_ / "kr");
  EXPECT_NE(m.find("more than 100000 frames"), std::string::npos) << m;
  write(dir_ / "kr" / "frame_list.txt", "99999 0000000001\n");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(importAs("kitti_raw", dir_ / "kr").task.frames.size(), 100000u);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 10.0);
}

TEST_F(FormatLimits, AMaskOfAHugeBoxIsRefusedBeforeItIsAllocated) {
  const std::string xml =
      "<annotations><version>1.1</version><image id=\"0\" name=\"a.png\" width=\"10\" height=\"10\">"
      "<mask label=\"car\" source=\"manual\" occluded=\"0\" rle=\"1000000000, 999999999\" left=\"0\" top=\"0\" "
      "width=\"1000000000\" height=\"1000000000\" z_order=\"0\"/></image></annotations>";
  write(dir_ / "m.xml", xml);
  const std::string m = errorOf("cvat_images", dir_ / "m.xml");
  EXPECT_NE(m.find("65,536 pixels a side"), std::string::npos) << m;
}

TEST_F(FormatLimits, DeeplyNestedJsonIsRefusedNamingTheFile) {
  write(dir_ / "dm" / "annotations" / "default.json", "{\"items\": " + std::string(200000, '['));
  const std::string m = errorOf("datumaro_3d", dir_ / "dm");
  EXPECT_NE(m.find("default.json: JSON nested deeper than 100 levels"), std::string::npos) << m;
}

TEST_F(FormatLimits, RefusalsInsideAZipNameTheZipAndTheMember) {
  const fs::path zipPath = dir_ / "export.zip";
  int code = 0;
  zip_t* z = zip_open(zipPath.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(z, nullptr);
  static const char kBad[] = "{\"items\": [ \xff";
  zip_source_t* src = zip_source_buffer(z, kBad, sizeof kBad - 1, 0);
  ASSERT_GE(zip_file_add(z, "annotations/default.json", src, ZIP_FL_ENC_UTF_8), 0);
  ASSERT_EQ(zip_close(z), 0);
  const std::string m = errorOf("datumaro_3d", zipPath);
  EXPECT_NE(m.find(zipPath.string() + ": annotations/default.json: malformed JSON"), std::string::npos) << m;
  EXPECT_EQ(m.find("labelstation-import-"), std::string::npos) << m;
}

}  // namespace
}  // namespace labelstation::io::testing
