#pragma once
// The labels a new task starts with when none are given, the same in the window and the batch
// tool: 3D (cuboid labels with CVAT-style attributes) and 2D (labels of any shape).

#include "labelstation/core/label_schema.h"

namespace labelstation::io {

LabelSchema defaultLidarLabels();
LabelSchema defaultImageLabels();

}  // namespace labelstation::io
