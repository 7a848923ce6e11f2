#pragma once
// Internal to labelstation_io: annotation objects as JSON, for the project file and its journal.
// Label and attribute ids refer to the project's label schema (stored with its ids).
//
//   {"id": 7, "kind": "track", "label": 1, "group": 0, "source": "manual",
//    "attributes": {"3": "sedan"},                         (track: immutable values)
//    "keyframes": [{"frame": 0, "type": "rectangle", "points": […], "rotation": 0, "occluded": false,
//                   "outside": false, "z_order": 0, "attributes": {"4": "12"}, "elements": […]}]}
//   shapes: "frame" and the state's fields at the top level; tags: "frame" and "attributes".

#include <nlohmann/json.hpp>
#include <string>

#include "labelstation/core/annotation.h"

namespace labelstation::io::detail {

// Keys in the order documented above (ordered_json), for people reading the file.
nlohmann::ordered_json objectToJson(const AnnotationObject& object);
// Throws std::runtime_error naming `where` and the field on anything missing or mistyped.
AnnotationObject objectFromJson(const nlohmann::json& j, const std::string& where);

}  // namespace labelstation::io::detail
