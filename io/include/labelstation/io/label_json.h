#pragma once
// CVAT's "raw" label JSON: the list of labels a user copies from (or pastes into) CVAT's label
// constructor, so label schemas move between CVAT and Labelstation unchanged.
//
//   [{"name": "car", "id": 1, "color": "#fa3253", "type": "any",
//     "attributes": [{"name": "parked", "mutable": false, "input_type": "checkbox",
//                     "default_value": "false", "values": ["false"]}]},
//    {"name": "person", "type": "skeleton", "sublabels": [{"name": "head", "type": "points", …}],
//     "svg": "<line … data-node-from=\"1\" data-node-to=\"2\"></line><circle … data-node-id=\"1\"
//             data-label-name=\"head\"></circle>…"}]

#include <filesystem>
#include <string>

#include "labelstation/core/label_schema.h"

namespace labelstation::io {

// Parses raw label JSON. `source` names the text in error messages (a file name). Throws IoError
// for malformed JSON or missing / wrong fields, with the label and field named. Label and
// attribute ids in the JSON are kept (a project's objects refer to them; a repeated one is an
// error); those without one get fresh ids above all written ones.
// `firstFreshLabelId` / `firstFreshAttributeId`: the lowest ids given to labels and attributes
// without one (an editor passes the ids above those the labels ever had).
LabelSchema parseLabelJson(const std::string& text, const std::string& source = "label JSON", LabelId firstFreshLabelId = 1,
                           AttributeId firstFreshAttributeId = 1);
std::string writeLabelJson(const LabelSchema& schema);

LabelSchema readLabelJsonFile(const std::filesystem::path& path);
void writeLabelJsonFile(const std::filesystem::path& path, const LabelSchema& schema);

}  // namespace labelstation::io
