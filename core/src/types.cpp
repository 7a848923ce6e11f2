#include "labelstation/core/types.h"

#include <array>
#include <utility>

namespace labelstation {
namespace {

constexpr std::array<std::pair<ShapeType, std::string_view>, 9> kShapeNames{{
    {ShapeType::Rectangle, "rectangle"},
    {ShapeType::Polygon, "polygon"},
    {ShapeType::Polyline, "polyline"},
    {ShapeType::Points, "points"},
    {ShapeType::Ellipse, "ellipse"},
    {ShapeType::Cuboid2D, "cuboid"},
    {ShapeType::Skeleton, "skeleton"},
    {ShapeType::Mask, "mask"},
    {ShapeType::Cuboid3D, "cuboid_3d"},
}};

constexpr std::array<std::pair<LabelType, std::string_view>, 11> kLabelTypeNames{{
    {LabelType::Any, "any"},
    {LabelType::Rectangle, "rectangle"},
    {LabelType::Polygon, "polygon"},
    {LabelType::Polyline, "polyline"},
    {LabelType::Points, "points"},
    {LabelType::Ellipse, "ellipse"},
    {LabelType::Cuboid2D, "cuboid"},
    {LabelType::Cuboid3D, "cuboid_3d"},
    {LabelType::Skeleton, "skeleton"},
    {LabelType::Mask, "mask"},
    {LabelType::Tag, "tag"},
}};

constexpr std::array<std::pair<Source, std::string_view>, 4> kSourceNames{{
    {Source::Manual, "manual"},
    {Source::Auto, "auto"},
    {Source::SemiAuto, "semi-auto"},
    {Source::File, "file"},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view toString(ShapeType type) { return nameOf(kShapeNames, type); }
std::optional<ShapeType> shapeTypeFromString(std::string_view name) {
  if (name == "box") return ShapeType::Rectangle;  // CVAT XML's element name
  return valueOf(kShapeNames, name);
}

std::string_view toString(LabelType type) { return nameOf(kLabelTypeNames, type); }
std::optional<LabelType> labelTypeFromString(std::string_view name) {
  if (name == "bbox") return LabelType::Rectangle;  // CVAT XML meta spelling
  return valueOf(kLabelTypeNames, name);
}

std::string_view toString(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Shape: return "shape";
    case ObjectKind::Track: return "track";
    case ObjectKind::Tag: return "tag";
  }
  return {};
}

std::string_view toString(Source source) { return nameOf(kSourceNames, source); }
std::optional<Source> sourceFromString(std::string_view name) { return valueOf(kSourceNames, name); }

bool labelAllowsShape(LabelType label, ShapeType shape) {
  switch (label) {
    case LabelType::Any: return shape != ShapeType::Skeleton;  // skeletons need their own label
    case LabelType::Tag: return false;
    case LabelType::Rectangle: return shape == ShapeType::Rectangle;
    case LabelType::Polygon: return shape == ShapeType::Polygon;
    case LabelType::Polyline: return shape == ShapeType::Polyline;
    case LabelType::Points: return shape == ShapeType::Points;
    case LabelType::Ellipse: return shape == ShapeType::Ellipse;
    case LabelType::Cuboid2D: return shape == ShapeType::Cuboid2D;
    case LabelType::Cuboid3D: return shape == ShapeType::Cuboid3D;
    case LabelType::Skeleton: return shape == ShapeType::Skeleton;
    case LabelType::Mask: return shape == ShapeType::Mask;
  }
  return false;
}

}  // namespace labelstation
