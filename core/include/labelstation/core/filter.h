#pragma once
// CVAT's object filter language: a boolean expression over an object's properties on a frame,
// used to show only some objects and by the player's filter-aware next / previous buttons.
//
//   expr       := or
//   or         := and ('||' and)*
//   and        := unary ('&&' unary)*
//   unary      := '!' unary | primary
//   primary    := '(' expr ')' | comparison
//   comparison := operand ('==' | '!=' | '<' | '<=' | '>' | '>=') operand
//   operand    := property | "string" | 'string' | number | true | false
//
// Properties (names case-insensitive): label, type ("shape" / "track" / "tag"), shape
// ("rectangle", …, "cuboid_3d"), occluded, width, height, objectID (or id, object_id),
// serverID (never set here) and attributes as attr.NAME or attr["NAME with spaces"].
//
// A comparison of values of different types, or with a missing value (a tag's width, an
// attribute the object's label lacks), is false, for != as well.
//
// Example: label == "car" && (attr.speed > 40 || occluded == true)

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "labelstation/core/annotation.h"

namespace labelstation {

class Document;

// A syntax error in a filter expression; position() is the 0-based character offset of the
// problem in the expression (its length for an unexpected end), and what() says it in words.
class FilterError : public std::runtime_error {
 public:
  FilterError(const std::string& problem, std::size_t position);
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

namespace filter_detail {
struct Node;
}

class Filter;
std::optional<int> findFrameWithMatch(const Document& document, const Filter* filter, int from,
                                      int direction);

// A parsed filter. Immutable and cheap to copy (the syntax tree is shared).
class Filter {
 public:
  // Throws FilterError for an empty or malformed expression. Errors are found here, not while
  // matching, so the UI can reject a bad filter as it is typed.
  static Filter parse(const std::string& expression);

  // Whether the object, as it is on `frame`, matches. Objects not present on the frame, and
  // tracks outside there, never match.
  bool matches(const Document& document, const AnnotationObject& object, int frame) const;
  // The same for a caller that already holds the object's state on the frame (the canvas has
  // interpolated it for drawing): saves interpolating twice. An outside state never matches.
  bool matches(const Document& document, const AnnotationObject& object, const ShapeState& state) const;

  // The text the filter was parsed from.
  const std::string& expression() const { return expression_; }

 private:
  // Frame search evaluates the tree itself, to decide whole stretches of a track at once.
  friend std::optional<int> findFrameWithMatch(const Document&, const Filter*, int, int);
  Filter(std::string expression, std::shared_ptr<const filter_detail::Node> root)
      : expression_(std::move(expression)), root_(std::move(root)) {}

  std::string expression_;
  std::shared_ptr<const filter_detail::Node> root_;
};

// Frame navigation for the player's filter-aware next / previous buttons (CVAT behaviour): the
// nearest frame after (direction > 0) or before (direction < 0) `from` that has a visible object
// matching the filter; with no filter (nullptr), the nearest frame with any visible object.
// Deleted frames are skipped. nullopt when there is none (or direction is 0).
std::optional<int> findFrameWithMatch(const Document& document, const Filter* filter, int from,
                                      int direction);

// The nearest frame after (direction > 0) or before (direction < 0) `from` with no annotation on
// it: no shape, no tag, no visible track (CVAT's "navigate only empty frames"). Deleted frames
// are skipped; nullopt when there is none.
std::optional<int> findEmptyFrame(const Document& document, int from, int direction);

}  // namespace labelstation
