#pragma once
// The skeleton configurator of the label constructor (CVAT's "Setup skeleton"): a square drawing
// area where the points of a skeleton label are placed and joined. Tools: add a point (named "1",
// "2", … after its node), drag points, join two points by an edge (Esc drops an unfinished one),
// delete a point or an edge. Right-click on a point configures it (name, colour, attributes) or
// deletes it. A background image helps to place the points and is never saved; the drawing can be
// saved to and loaded from CVAT's skeleton .svg file.

#include <QImage>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class QButtonGroup;
class QLabel;

namespace labelstation::app {

class SkeletonCanvas;

class SkeletonConfigurator : public QWidget {
  Q_OBJECT
 public:
  enum class Tool { Point, Drag, Join, Delete };

  explicit SkeletonConfigurator(QWidget* parent = nullptr);

  // Shows a skeleton label: its "sublabels" (the points' label JSON) and its "svg".
  void setSkeleton(const nlohmann::ordered_json& sublabels, const std::string& svg);
  // The points' label JSON in the order they were added, and CVAT's drawing of them.
  nlohmann::ordered_json sublabels() const;
  std::string svg() const;
  int pointCount() const { return static_cast<int>(points_.size()); }

  Tool tool() const { return tool_; }
  void setTool(Tool tool);
  // Where a drawing coordinate (0..100 on both axes) lies in the canvas widget.
  QPoint canvasPoint(double x, double y) const;
  QWidget* canvas() const;

  // False, with the reason shown under the tools, when the file is not an image.
  bool setBackground(const QString& path);
  // CVAT's skeleton .svg (the drawing with the points' labels); false with a message box on error.
  bool saveSvg(const QString& path);
  bool loadSvg(const QString& path);
  // Name, colour and attributes of the point with this node id (a dialog).
  void configurePoint(int node);

 signals:
  void skeletonChanged();

 private:
  friend class SkeletonCanvas;
  struct Point {
    int node = 0;
    nlohmann::ordered_json label;  // name, color, type "points", attributes, id when it has one
    double x = 0, y = 0;
  };

  // What the canvas does with the mouse, in drawing coordinates.
  void press(double x, double y, Qt::MouseButton button);
  void showPointMenu(double x, double y, const QPoint& globalPos);  // Configure… / Delete
  void move(double x, double y);
  void release();
  bool cancelEdge();  // Esc: true when an unfinished edge was dropped

  int pointAt(double x, double y) const;  // node id, 0 for none
  std::optional<std::size_t> edgeAt(double x, double y) const;
  void addPoint(double x, double y);
  void deletePoint(int node);
  void join(int node);
  Point* point(int node);
  const Point* point(int node) const;
  QString freeName(int node) const;
  void showHint();
  void changed();

  std::vector<Point> points_;
  std::vector<std::pair<int, int>> edges_;  // node ids
  int lastNode_ = 0;                         // node ids are never reused, as in CVAT
  Tool tool_ = Tool::Point;
  int pendingFrom_ = 0;                      // join: the edge's first point
  std::pair<double, double> pointer_{0, 0};  // the mouse, for the unfinished edge
  int dragging_ = 0;
  bool dragged_ = false;
  QImage background_;
  QString backgroundProblem_;
  SkeletonCanvas* canvas_ = nullptr;
  QButtonGroup* tools_ = nullptr;
  QLabel* hint_ = nullptr;
};

}  // namespace labelstation::app
