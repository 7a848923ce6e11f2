// CVAT's skeleton drawing: the svg of a skeleton label and the configurator's .svg file.
#include <gtest/gtest.h>

#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"
#include "labelstation/io/skeleton_svg.h"
#include "temp_dir.h"

namespace labelstation::io {
namespace {

// What CVAT's configurator downloads (its DOM's outerHTML): styles on every element, lines
// first, the points' labels keyed by element id in <desc>.
const char* const kCvatDownload =
    R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><line x1="30.5" y1="20" x2="60" y2="70.25" stroke="black" )"
    R"(data-type="edge" data-node-from="1" stroke-width="0.5" data-node-to="3"></line><circle r="0.75" cx="30.5" cy="20" )"
    R"(data-type="element node" data-element-id="1" data-node-id="1" stroke="black" fill="#b3b3b3" stroke-width="0.1" )"
    R"(data-label-name="nose"></circle><circle r="0.75" cx="60" cy="70.25" data-type="element node" data-element-id="3" )"
    R"(data-node-id="3" stroke="black" fill="#b3b3b3" stroke-width="0.1" data-label-name="tail &amp; &quot;tip&quot;"></circle>)"
    R"(<desc data-description-type="labels-specification">{"1":{"name":"nose","attributes":[],"color":"#ff0000","type":"points",)"
    R"("has_parent":true},"3":{"name":"tail &amp; \"tip\"","attributes":[],"type":"points","has_parent":true}}</desc></svg>)";

TEST(SkeletonSvg, ReadsWhatCvatsConfiguratorDownloads) {
  const SkeletonFile file = parseSkeletonFile(kCvatDownload, "pose.svg");
  ASSERT_EQ(file.drawing.nodes.size(), 2u);
  EXPECT_EQ(file.drawing.nodes[0].id, 1);
  EXPECT_EQ(file.drawing.nodes[0].labelName, "nose");
  EXPECT_DOUBLE_EQ(file.drawing.nodes[0].x, 30.5);
  EXPECT_EQ(file.drawing.nodes[1].id, 3);  // ids of deleted points are not reused: gaps stay
  EXPECT_EQ(file.drawing.nodes[1].labelName, "tail & \"tip\"");
  EXPECT_DOUBLE_EQ(file.drawing.nodes[1].y, 70.25);
  EXPECT_EQ(file.drawing.edges, (std::vector<std::pair<int, int>>{{1, 3}}));
  EXPECT_NE(file.pointsJson.find("\"color\":\"#ff0000\""), std::string::npos);
  // Written back and read again: the same drawing and points.
  const SkeletonFile again = parseSkeletonFile(writeSkeletonFile(file), "again.svg");
  ASSERT_EQ(again.drawing.nodes.size(), 2u);
  EXPECT_EQ(again.drawing.nodes[1].labelName, "tail & \"tip\"");
  EXPECT_EQ(again.drawing.edges, file.drawing.edges);
  EXPECT_EQ(again.pointsJson, file.pointsJson);
}

TEST(SkeletonSvg, WritesAsCvatsConfiguratorSubmits) {
  SkeletonDrawing drawing;
  drawing.nodes = {{1, 0, "head", 50, 10}, {2, 7, "hand", 20.125, 60}};
  drawing.edges = {{1, 2}};
  EXPECT_EQ(writeSkeletonSvg(drawing),
            "<line x1=\"50\" y1=\"10\" x2=\"20.125\" y2=\"60\" data-type=\"edge\" data-node-from=\"1\" data-node-to=\"2\"></line>\n"
            "<circle r=\"0.75\" cx=\"50\" cy=\"10\" data-type=\"element node\" data-element-id=\"1\" data-node-id=\"1\" "
            "data-label-name=\"head\"></circle>\n"
            "<circle r=\"0.75\" cx=\"20.125\" cy=\"60\" data-type=\"element node\" data-element-id=\"2\" data-node-id=\"2\" "
            "data-label-id=\"7\" data-label-name=\"hand\"></circle>");
}

TEST(SkeletonSvg, DropsWhatJoinsNothingAndNeverThrows) {
  const SkeletonDrawing d = parseSkeletonSvg(
      "<line data-node-from=\"1\" data-node-to=\"1\"></line><line data-node-from=\"1\" data-node-to=\"9\"></line>"
      "<line data-node-from=\"2\" data-node-to=\"1\"></line><line data-node-from=\"1\" data-node-to=\"2\"></line>"
      "<circle data-element-id=\"1\" cx=\"nan\" cy=\"1e999\"></circle><circle data-element-id=\"1\"></circle>"
      "<circle data-element-id=\"-4\"></circle><circle data-node-id=\"2\" cx=\"3\"></circle><circle cx=\"");
  ASSERT_EQ(d.nodes.size(), 2u);  // the repeated and the negative ids are dropped
  EXPECT_EQ(d.nodes[0].x, 0.0);
  EXPECT_EQ(d.nodes[0].y, 0.0);
  EXPECT_EQ(d.nodes[1].id, 2);  // an older drawing naming its nodes by data-node-id only
  EXPECT_EQ(d.edges, (std::vector<std::pair<int, int>>{{2, 1}}));  // no loop, no dangling end, no repeat
}

TEST(SkeletonSvg, RefusesFilesThatHoldNoSkeleton) {
  auto errorOf = [](const std::string& text) {
    try {
      parseSkeletonFile(text, "pose.svg");
    } catch (const IoError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(errorOf("not xml").find("pose.svg"), std::string::npos);
  EXPECT_NE(errorOf("<html><circle data-element-id=\"1\"/></html>").find("<svg>"), std::string::npos);
  EXPECT_NE(errorOf("<svg viewBox=\"0 0 100 100\"><rect/></svg>").find("no skeleton points"), std::string::npos);
  EXPECT_NE(errorOf("<svg><circle data-element-id=\"1\"/><desc data-description-type=\"labels-specification\">[1,</desc></svg>")
                .find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(errorOf("<svg><circle data-element-id=\"1\"/><desc data-description-type=\"labels-specification\">[1]</desc></svg>")
                .find("JSON object"),
            std::string::npos);
  testing::TempDir dir;
  EXPECT_THROW(readSkeletonFile(dir.path() / "missing.svg"), IoError);
}

// A label's svg after a trip through label JSON: the points keep their places and edges, and the
// drawing names them by name and id, as CVAT's own label JSON does.
TEST(SkeletonSvg, LabelJsonKeepsTheDrawing) {
  const LabelSchema labels = parseLabelJson(
      R"([{"name": "pose", "type": "skeleton", "attributes": [], "sublabels": [
            {"name": "a", "type": "points", "attributes": []}, {"name": "b", "type": "points", "attributes": []},
            {"name": "c", "type": "points", "attributes": []}],
          "svg": "<line data-node-from=\"5\" data-node-to=\"2\"></line><circle data-element-id=\"5\" data-label-name=\"c\" cx=\"9\" cy=\"8\"></circle><circle data-element-id=\"2\" data-label-name=\"a\" cx=\"1\" cy=\"2\"></circle>"}])");
  const Label* pose = labels.labelByName("pose");
  const LabelId a = labels.labelByName("a", pose->id)->id, b = labels.labelByName("b", pose->id)->id,
                c = labels.labelByName("c", pose->id)->id;
  EXPECT_EQ(pose->nodePositions.at(a), (std::pair<double, double>{1, 2}));
  EXPECT_EQ(pose->nodePositions.at(c), (std::pair<double, double>{9, 8}));
  EXPECT_EQ(pose->nodePositions.count(b), 0u);  // not drawn: placed on a circle when written
  ASSERT_EQ(pose->edges.size(), 1u);
  EXPECT_EQ(pose->edges[0], (SkeletonEdge{c, a}));
  const SkeletonDrawing written = skeletonDrawing(labels, *pose, true);
  ASSERT_EQ(written.nodes.size(), 3u);
  EXPECT_EQ(written.nodes[1].labelName, "b");
  EXPECT_EQ(written.nodes[1].labelId, b);
  EXPECT_GT(written.nodes[1].x, 0.0);
  EXPECT_EQ(written.edges, (std::vector<std::pair<int, int>>{{3, 1}}));
  const LabelSchema again = parseLabelJson(writeLabelJson(labels));
  EXPECT_EQ(again.labelByName("pose")->edges, pose->edges);
  EXPECT_EQ(again.labelByName("pose")->nodePositions.at(c), pose->nodePositions.at(c));
}

}  // namespace
}  // namespace labelstation::io
