#include "skeleton_configurator.h"

#include <QButtonGroup>
#include <QContextMenuEvent>
#include <QColorDialog>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "attribute_table.h"
#include "label_json_fields.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/skeleton_svg.h"

namespace labelstation::app {

using Json = nlohmann::ordered_json;

namespace {

constexpr double kHitPixels = 8.0;  // how near the mouse must be to a point or an edge

double distanceToSegment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
  const double t = length2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0) : 0.0;
  return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

// Name, colour and attributes of one point (the configurator's right-click "Configure").
class PointDialog : public QDialog {
 public:
  PointDialog(const Json& label, QStringList takenNames, QWidget* parent) : QDialog(parent), label_(label), taken_(std::move(takenNames)) {
    setWindowTitle(tr("Skeleton point"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    name_ = new QLineEdit(jsonText(label, "name"), this);
    name_->setObjectName("pointName");
    form->addRow(tr("Name"), name_);
    color_ = new QPushButton(this);
    color_->setObjectName("pointColor");
    form->addRow(tr("Colour"), color_);
    layout->addLayout(form);
    attributes_ = new AttributeTable(this);
    attributes_->setObjectName("pointAttributes");
    attributes_->setAttributes(label.contains("attributes") ? label["attributes"] : Json::array());
    layout->addWidget(attributes_, 1);
    auto* add = new QPushButton(tr("Add attribute"), this);
    auto* remove = new QPushButton(tr("Remove attribute"), this);
    auto* attributeButtons = new QHBoxLayout;
    attributeButtons->addWidget(add);
    attributeButtons->addWidget(remove);
    attributeButtons->addStretch(1);
    layout->addLayout(attributeButtons);
    problem_ = new QLabel(this);
    problem_->setStyleSheet("color: #c03030");
    layout->addWidget(problem_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons_);
    connect(add, &QPushButton::clicked, attributes_, &AttributeTable::addAttribute);
    connect(remove, &QPushButton::clicked, attributes_, &AttributeTable::removeCurrentAttribute);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(name_, &QLineEdit::textChanged, this, [this] { check(); });
    connect(color_, &QPushButton::clicked, this, [this] {
      const QColor chosen = QColorDialog::getColor(QColor(jsonText(label_, "color")), this, tr("Point colour"));
      if (!chosen.isValid()) return;
      label_["color"] = chosen.name().toStdString();
      showColor();
    });
    showColor();
    check();
    resize(560, 320);
  }

  Json label() const {
    Json out = label_;
    out["name"] = name_->text().trimmed().toStdString();
    out["attributes"] = attributes_->attributes();
    return out;
  }

 private:
  void showColor() { paintColorButton(color_, jsonText(label_, "color")); }
  void check() {
    const QString name = name_->text().trimmed();
    const QString problem = name.isEmpty()          ? tr("The point needs a name.")
                            : taken_.contains(name) ? tr("Another point of this skeleton is named \"%1\".").arg(name)
                                                    : QString();
    problem_->setText(problem);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
  }

  Json label_;
  QStringList taken_;
  QLineEdit* name_ = nullptr;
  QPushButton* color_ = nullptr;
  AttributeTable* attributes_ = nullptr;
  QLabel* problem_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace

// The square drawing area: the 0..100 box of CVAT's configurator scaled to the widget.
class SkeletonCanvas : public QWidget {
 public:
  explicit SkeletonCanvas(SkeletonConfigurator* owner) : QWidget(owner), owner_(owner) {
    setObjectName("skeletonCanvas");
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
    setMinimumSize(280, 280);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  }

  QRectF area() const {
    const double side = std::min(width(), height()) - 2.0;
    return QRectF((width() - side) / 2.0, (height() - side) / 2.0, side, side);
  }
  double scale() const { return area().width() / 100.0; }
  QPointF toWidget(double x, double y) const { return area().topLeft() + QPointF(x, y) * scale(); }
  std::pair<double, double> toDrawing(const QPointF& p) const {
    const QPointF d = (p - area().topLeft()) / scale();
    return {std::clamp(d.x(), 0.0, 100.0), std::clamp(d.y(), 0.0, 100.0)};
  }

  QSize sizeHint() const override { return {360, 360}; }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF box = area();
    p.fillRect(box, QColor("#f4f4f4"));
    if (!owner_->background_.isNull()) {  // fitted by its longer side, centred
      QSizeF size = owner_->background_.size();
      size.scale(box.size(), Qt::KeepAspectRatio);
      p.drawImage(QRectF(box.center() - QPointF(size.width(), size.height()) / 2, size), owner_->background_);
    }
    p.setPen(QPen(QColor("#c8c8c8"), 1));
    p.drawRect(box);
    const auto hoverEdge = owner_->tool_ == SkeletonConfigurator::Tool::Delete && hovering_ ? owner_->edgeAt(hover_.first, hover_.second)
                                                                                           : std::nullopt;
    const int hoverPoint = hovering_ ? owner_->pointAt(hover_.first, hover_.second) : 0;
    for (std::size_t i = 0; i < owner_->edges_.size(); ++i) {
      const auto* a = owner_->point(owner_->edges_[i].first);
      const auto* b = owner_->point(owner_->edges_[i].second);
      if (!a || !b) continue;
      p.setPen(QPen(hoverEdge == i ? QColor(Qt::red) : QColor(Qt::black), std::max(1.5, 0.5 * scale())));
      p.drawLine(toWidget(a->x, a->y), toWidget(b->x, b->y));
    }
    if (const auto* from = owner_->point(owner_->pendingFrom_)) {
      p.setPen(QPen(QColor(Qt::black), std::max(1.5, 0.5 * scale()), Qt::DashLine));
      p.drawLine(toWidget(from->x, from->y), toWidget(owner_->pointer_.first, owner_->pointer_.second));
    }
    QFont font = p.font();
    font.setBold(true);
    p.setFont(font);
    for (const auto& point : owner_->points_) {
      const QPointF at = toWidget(point.x, point.y);
      const QString color = jsonText(point.label, "color");
      const bool hot = point.node == hoverPoint || point.node == owner_->pendingFrom_;
      p.setPen(QPen(QColor(Qt::black), hot ? 2.0 : 1.0));
      p.setBrush(QColor(color.isEmpty() ? "#b3b3b3" : color));
      const double r = std::max(4.0, (hot ? 1.0 : 0.75) * scale());
      p.drawEllipse(at, r, r);
      p.setPen(hot ? QColor(Qt::red) : QColor("#d2691e"));
      p.drawText(at + QPointF(r + 2, -r - 2), jsonText(point.label, "name"));
    }
  }

  void mousePressEvent(QMouseEvent* e) override {
    const auto [x, y] = toDrawing(e->position());
    owner_->press(x, y, e->button());
    update();
  }
  void contextMenuEvent(QContextMenuEvent* e) override {
    const auto [x, y] = toDrawing(e->pos());
    owner_->showPointMenu(x, y, e->globalPos());
  }
  void mouseMoveEvent(QMouseEvent* e) override {
    hover_ = toDrawing(e->position());
    hovering_ = true;
    owner_->move(hover_.first, hover_.second);
    update();
  }
  void mouseReleaseEvent(QMouseEvent*) override {
    owner_->release();
    update();
  }
  void leaveEvent(QEvent*) override {
    hovering_ = false;
    update();
  }
  void keyPressEvent(QKeyEvent* e) override {
    // Esc drops an unfinished edge; otherwise it goes on to the dialog (which closes).
    if (e->key() == Qt::Key_Escape && owner_->cancelEdge()) {
      update();
      return;
    }
    QWidget::keyPressEvent(e);
  }

 private:
  SkeletonConfigurator* owner_;
  std::pair<double, double> hover_{0, 0};
  bool hovering_ = false;
};

SkeletonConfigurator::SkeletonConfigurator(QWidget* parent) : QWidget(parent) {
  setObjectName("skeletonConfigurator");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* bar = new QHBoxLayout;
  tools_ = new QButtonGroup(this);
  const std::pair<Tool, const char*> tools[] = {{Tool::Point, "Add point"}, {Tool::Drag, "Drag"}, {Tool::Join, "Add edge"}, {Tool::Delete, "Remove"}};
  for (const auto& [tool, name] : tools) {
    auto* button = new QToolButton(this);
    button->setText(tr(name));
    button->setCheckable(true);
    button->setObjectName(QString("skeletonTool%1").arg(static_cast<int>(tool)));
    tools_->addButton(button, static_cast<int>(tool));
    bar->addWidget(button);
  }
  tools_->button(static_cast<int>(Tool::Point))->setChecked(true);
  bar->addStretch(1);
  auto* background = new QToolButton(this);
  background->setText(tr("Background…"));
  background->setToolTip(tr("An image to place the points on (only a guide: it is not saved)"));
  auto* save = new QToolButton(this);
  save->setText(tr("Save SVG…"));
  save->setToolTip(tr("Save the skeleton as CVAT's skeleton .svg file"));
  auto* load = new QToolButton(this);
  load->setText(tr("Load SVG…"));
  load->setToolTip(tr("Replace the points by those of a skeleton .svg file (CVAT's or ours)"));
  bar->addWidget(background);
  bar->addWidget(save);
  bar->addWidget(load);
  layout->addLayout(bar);
  canvas_ = new SkeletonCanvas(this);
  layout->addWidget(canvas_, 1);
  hint_ = new QLabel(this);
  hint_->setObjectName("skeletonHint");
  hint_->setWordWrap(true);
  hint_->setMinimumHeight(2 * hint_->fontMetrics().lineSpacing());  // the canvas keeps its place when the hint wraps
  layout->addWidget(hint_);

  connect(tools_, &QButtonGroup::idClicked, this, [this](int id) { setTool(static_cast<Tool>(id)); });
  connect(background, &QToolButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Background image"), QString(), tr("Images (*.png *.jpg *.jpeg *.bmp);;All files (*)"));
    if (!path.isEmpty()) setBackground(path);
  });
  connect(save, &QToolButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save skeleton"), "skeleton.svg", tr("Skeleton drawing (*.svg)"));
    if (!path.isEmpty()) saveSvg(path);
  });
  connect(load, &QToolButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load skeleton"), QString(), tr("Skeleton drawing (*.svg);;All files (*)"));
    if (!path.isEmpty()) loadSvg(path);
  });
  showHint();
}

QWidget* SkeletonConfigurator::canvas() const { return canvas_; }

QPoint SkeletonConfigurator::canvasPoint(double x, double y) const { return canvas_->toWidget(x, y).toPoint(); }

void SkeletonConfigurator::setSkeleton(const Json& sublabels, const std::string& svg) {
  points_.clear();
  edges_.clear();
  pendingFrom_ = dragging_ = 0;
  const io::SkeletonDrawing drawing = io::parseSkeletonSvg(svg);
  lastNode_ = 0;
  for (const auto& n : drawing.nodes) lastNode_ = std::max(lastNode_, n.id);
  // Each point takes its node as the readers match them: by label id, by name, else by number.
  std::vector<bool> used(drawing.nodes.size(), false);
  auto take = [&](auto&& matches) -> const io::SkeletonDrawing::Node* {
    for (std::size_t i = 0; i < drawing.nodes.size(); ++i)
      if (!used[i] && matches(drawing.nodes[i])) {
        used[i] = true;
        return &drawing.nodes[i];
      }
    return nullptr;
  };
  const int count = sublabels.is_array() ? static_cast<int>(sublabels.size()) : 0;
  for (int i = 0; i < count; ++i) {
    const Json& label = sublabels[static_cast<std::size_t>(i)];
    if (!label.is_object()) continue;
    const int id = jsonInt(label, "id");
    const std::string name = jsonText(label, "name").toStdString();
    const auto* node = take([&](const auto& n) { return id > 0 && n.labelId == id; });
    if (!node) node = take([&](const auto& n) { return !name.empty() && n.labelName == name; });
    if (!node) node = take([&](const auto& n) { return n.labelId == 0 && n.labelName.empty() && n.id == i + 1; });
    Point p;
    p.label = label;
    if (node) {
      p.node = node->id;
      p.x = node->x;
      p.y = node->y;
    } else {  // a point the drawing lacks: on a circle, as the readers place it
      p.node = ++lastNode_;
      const double a = 2.0 * M_PI * i / std::max(1, count);
      p.x = 50.0 + 35.0 * std::cos(a);
      p.y = 50.0 + 35.0 * std::sin(a);
    }
    points_.push_back(std::move(p));
  }
  for (const auto& edge : drawing.edges)
    if (point(edge.first) && point(edge.second)) edges_.push_back(edge);
  canvas_->update();
}

Json SkeletonConfigurator::sublabels() const {
  Json out = Json::array();
  for (const Point& p : points_) out.push_back(p.label);
  return out;
}

std::string SkeletonConfigurator::svg() const {
  io::SkeletonDrawing drawing;
  for (const Point& p : points_) drawing.nodes.push_back({p.node, jsonInt(p.label, "id"), jsonText(p.label, "name").toStdString(), p.x, p.y});
  drawing.edges = edges_;
  return io::writeSkeletonSvg(drawing);
}

void SkeletonConfigurator::setTool(Tool tool) {
  if (tool_ == Tool::Join && tool != Tool::Join) cancelEdge();
  tool_ = tool;
  if (auto* button = tools_->button(static_cast<int>(tool))) button->setChecked(true);
  showHint();
  canvas_->update();
}

void SkeletonConfigurator::showHint() {
  QString what;
  switch (tool_) {
    case Tool::Point: what = tr("Click to add a point."); break;
    case Tool::Drag: what = tr("Drag a point to move it."); break;
    case Tool::Join: what = tr("Click two points to join them (Esc drops an unfinished edge)."); break;
    case Tool::Delete: what = tr("Click a point or an edge to remove it."); break;
  }
  hint_->setText(what + " " + tr("Right-click a point to name it or give it attributes.") +
                 (backgroundProblem_.isEmpty() ? QString() : "\n" + backgroundProblem_));
}

SkeletonConfigurator::Point* SkeletonConfigurator::point(int node) {
  for (Point& p : points_)
    if (p.node == node) return &p;
  return nullptr;
}

const SkeletonConfigurator::Point* SkeletonConfigurator::point(int node) const {
  return const_cast<SkeletonConfigurator*>(this)->point(node);
}

int SkeletonConfigurator::pointAt(double x, double y) const {
  const double reach = kHitPixels / canvas_->scale();
  int best = 0;
  double bestDistance = reach;
  for (const Point& p : points_) {  // the last drawn (topmost) wins a tie
    const double d = std::hypot(p.x - x, p.y - y);
    if (d <= bestDistance) {
      best = p.node;
      bestDistance = d;
    }
  }
  return best;
}

std::optional<std::size_t> SkeletonConfigurator::edgeAt(double x, double y) const {
  const double reach = kHitPixels / 2 / canvas_->scale();
  for (std::size_t i = 0; i < edges_.size(); ++i) {
    const Point *a = point(edges_[i].first), *b = point(edges_[i].second);
    if (a && b && distanceToSegment(x, y, a->x, a->y, b->x, b->y) <= reach) return i;
  }
  return std::nullopt;
}

QString SkeletonConfigurator::freeName(int node) const {
  auto taken = [&](const QString& name) {
    return std::any_of(points_.begin(), points_.end(), [&](const Point& p) { return jsonText(p.label, "name") == name; });
  };
  QString name = QString::number(node);
  for (int n = 2; taken(name); ++n) name = QString("%1 (%2)").arg(node).arg(n);
  return name;
}

void SkeletonConfigurator::addPoint(double x, double y) {
  Point p;
  p.node = ++lastNode_;
  p.x = x;
  p.y = y;
  p.label = Json{{"name", freeName(p.node).toStdString()}, {"type", "points"}, {"attributes", Json::array()}};
  points_.push_back(std::move(p));
  changed();
}

void SkeletonConfigurator::deletePoint(int node) {
  points_.erase(std::remove_if(points_.begin(), points_.end(), [node](const Point& p) { return p.node == node; }), points_.end());
  edges_.erase(std::remove_if(edges_.begin(), edges_.end(), [node](const auto& e) { return e.first == node || e.second == node; }),
               edges_.end());
  if (pendingFrom_ == node) pendingFrom_ = 0;
  changed();
}

void SkeletonConfigurator::join(int node) {
  if (!pendingFrom_) {
    pendingFrom_ = node;
    return;
  }
  if (node == pendingFrom_) return;  // the same point again: the edge stays unfinished
  const int from = std::exchange(pendingFrom_, 0);
  const bool joined = std::any_of(edges_.begin(), edges_.end(), [&](const auto& e) {
    return (e.first == from && e.second == node) || (e.first == node && e.second == from);
  });
  if (joined) return;
  edges_.emplace_back(from, node);
  changed();
}

bool SkeletonConfigurator::cancelEdge() {
  if (!pendingFrom_) return false;
  pendingFrom_ = 0;
  canvas_->update();
  return true;
}

void SkeletonConfigurator::showPointMenu(double x, double y, const QPoint& globalPos) {
  const int hit = pointAt(x, y);
  if (!hit) return;
  auto* menu = new QMenu(this);
  menu->setAttribute(Qt::WA_DeleteOnClose);
  // The dialog opens from the event loop, once the menu has gone.
  menu->addAction(tr("Configure…"), this, [this, hit] { QTimer::singleShot(0, this, [this, hit] { configurePoint(hit); }); });
  menu->addAction(tr("Delete"), this, [this, hit] { deletePoint(hit); });
  menu->popup(globalPos);
}

void SkeletonConfigurator::press(double x, double y, Qt::MouseButton button) {
  const int hit = pointAt(x, y);
  if (button != Qt::LeftButton) return;
  pointer_ = {x, y};
  switch (tool_) {
    case Tool::Point:
      if (!hit) addPoint(x, y);
      break;
    case Tool::Drag:
      dragging_ = hit;
      dragged_ = false;
      break;
    case Tool::Join:
      if (hit) join(hit);
      break;
    case Tool::Delete:
      if (hit) {
        deletePoint(hit);
      } else if (const auto edge = edgeAt(x, y)) {
        edges_.erase(edges_.begin() + static_cast<std::ptrdiff_t>(*edge));
        changed();
      }
      break;
  }
}

void SkeletonConfigurator::move(double x, double y) {
  pointer_ = {x, y};
  if (Point* p = point(dragging_)) {
    p->x = x;
    p->y = y;
    dragged_ = true;
  }
}

void SkeletonConfigurator::release() {
  if (dragging_ && dragged_) changed();
  dragging_ = 0;
}

void SkeletonConfigurator::configurePoint(int node) {
  Point* p = point(node);
  if (!p) return;
  QStringList taken;
  for (const Point& other : points_)
    if (other.node != node) taken << jsonText(other.label, "name");
  PointDialog dialog(p->label, taken, this);
  if (dialog.exec() != QDialog::Accepted) return;
  point(node)->label = dialog.label();
  changed();
}

bool SkeletonConfigurator::setBackground(const QString& path) {
  QImage image(path);
  backgroundProblem_ = image.isNull() ? tr("%1: not an image this program can read (PNG, JPEG or BMP).").arg(path) : QString();
  if (!image.isNull()) background_ = std::move(image);
  showHint();
  canvas_->update();
  return backgroundProblem_.isEmpty();
}

bool SkeletonConfigurator::saveSvg(const QString& path) {
  io::SkeletonFile file;
  Json points = Json::object();
  for (const Point& p : points_) {
    Json label = p.label;  // ids belong to this task only, as in CVAT's download
    label.erase("id");
    if (label.contains("attributes") && label["attributes"].is_array())
      for (Json& a : label["attributes"])
        if (a.is_object()) a.erase("id");
    points[std::to_string(p.node)] = std::move(label);
    file.drawing.nodes.push_back({p.node, 0, jsonText(p.label, "name").toStdString(), p.x, p.y});
  }
  file.drawing.edges = edges_;
  file.pointsJson = points.dump();
  try {
    io::writeFileAtomically(path.toStdString(), io::writeSkeletonFile(file));
    return true;
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Save skeleton"), QString::fromStdString(e.what()));
    return false;
  }
}

bool SkeletonConfigurator::loadSvg(const QString& path) {
  io::SkeletonFile file;
  Json points;
  try {
    file = io::readSkeletonFile(path.toStdString());
    points = Json::parse(file.pointsJson);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Load skeleton"), QString::fromStdString(e.what()));
    return false;
  }
  Json sublabels = Json::array();
  io::SkeletonDrawing drawing = file.drawing;
  for (auto& node : drawing.nodes) {
    const auto described = points.find(std::to_string(node.id));
    Json label = described != points.end() && described->is_object() ? *described : Json::object();
    label.erase("id");
    label.erase("has_parent");
    if (!label.contains("name") || !label["name"].is_string())
      label["name"] = node.labelName.empty() ? std::to_string(node.id) : node.labelName;
    label["type"] = "points";
    if (!label.contains("attributes")) label["attributes"] = Json::array();
    node.labelId = 0;
    node.labelName = label["name"].get<std::string>();
    sublabels.push_back(std::move(label));
  }
  setSkeleton(sublabels, io::writeSkeletonSvg(drawing));
  changed();
  return true;
}

void SkeletonConfigurator::changed() {
  canvas_->update();
  emit skeletonChanged();
}

}  // namespace labelstation::app
