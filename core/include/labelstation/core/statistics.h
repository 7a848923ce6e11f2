#pragma once
// Annotation statistics per label, as CVAT's job-info table shows them: shapes and tracks per
// shape type, tags, manually drawn vs interpolated shapes.

#include <map>
#include <string>
#include <vector>

#include "labelstation/core/document.h"

namespace labelstation {

struct LabelStatistics {
  LabelId label = kNoLabel;
  std::string name;
  struct Count {
    int shapes = 0;
    int tracks = 0;
  };
  std::map<ShapeType, Count> byType;
  int tags = 0;
  // Shapes drawn by hand: plain shapes, tags and visible track keyframes.
  int manual = 0;
  // Visible track frames that are not keyframes.
  int interpolated = 0;
  int total() const { return manual + interpolated; }
};

struct AnnotationStatistics {
  std::vector<LabelStatistics> labels;  // one per top-level label, in schema order
  LabelStatistics total;                // name "Total"
};

// Counts over the frames that are not deleted.
AnnotationStatistics computeStatistics(const Document& document);

}  // namespace labelstation
