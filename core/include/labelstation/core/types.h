#pragma once
// Basic vocabulary of the annotation model: shape types, label types, object kinds, sources.
// Names match the strings CVAT uses so formats and the filter language share them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace labelstation {

using ObjectId = std::int64_t;
using LabelId = int;
using AttributeId = int;
constexpr LabelId kNoLabel = -1;

enum class ShapeType {
  Rectangle,
  Polygon,
  Polyline,
  Points,
  Ellipse,
  Cuboid2D,  // CVAT's pseudo-3D "cuboid": two projected faces, 8 image points
  Skeleton,
  Mask,
  Cuboid3D,  // CVAT's "cuboid_3d": position, rotation x/y/z, scale
};

// What a label allows: one shape type, tags only, or anything.
enum class LabelType {
  Any,
  Rectangle,
  Polygon,
  Polyline,
  Points,
  Ellipse,
  Cuboid2D,
  Cuboid3D,
  Skeleton,
  Mask,
  Tag,
};

enum class ObjectKind { Shape, Track, Tag };

enum class Source { Manual, Auto, SemiAuto, File };

// CVAT's spellings: "rectangle", "polygon", "polyline", "points", "ellipse", "cuboid",
// "skeleton", "mask", "cuboid_3d".
std::string_view toString(ShapeType type);
std::optional<ShapeType> shapeTypeFromString(std::string_view name);

// "any", "rectangle", …, "cuboid", "cuboid_3d", "skeleton", "mask", "tag".
std::string_view toString(LabelType type);
std::optional<LabelType> labelTypeFromString(std::string_view name);

std::string_view toString(ObjectKind kind);  // "shape", "track", "tag"
std::string_view toString(Source source);    // "manual", "auto", "semi-auto", "file"
std::optional<Source> sourceFromString(std::string_view name);

// Whether a label of type `label` may hold an object drawn as `shape`.
bool labelAllowsShape(LabelType label, ShapeType shape);

}  // namespace labelstation
