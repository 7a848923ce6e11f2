#include "labelstation/core/statistics.h"

#include "labelstation/core/interpolation.h"

namespace labelstation {

AnnotationStatistics computeStatistics(const Document& document) {
  AnnotationStatistics stats;
  std::map<LabelId, std::size_t> row;
  for (const Label* label : document.labels().topLevelLabels()) {
    row[label->id] = stats.labels.size();
    LabelStatistics s;
    s.label = label->id;
    s.name = label->name;
    stats.labels.push_back(s);
  }
  stats.total.name = "Total";
  const int lastFrame = document.frameCount() - 1;
  for (const auto& [id, obj] : document.objects()) {
    auto it = row.find(obj.label);
    if (it == row.end()) continue;
    LabelStatistics* targets[] = {&stats.labels[it->second], &stats.total};
    int manual = 0, interpolated = 0;
    if (obj.kind == ObjectKind::Track) {
      const int last = obj.lastVisibleFrame(lastFrame);
      for (int f = obj.firstFrame(); f <= std::min(last, lastFrame); ++f) {
        if (document.isFrameDeleted(f) || !isVisibleAt(obj, f)) continue;
        (isKeyframe(obj, f) ? manual : interpolated) += 1;
      }
    } else if (!document.isFrameDeleted(obj.frame)) {
      manual = 1;
    } else {
      continue;
    }
    for (LabelStatistics* s : targets) {
      if (obj.kind == ObjectKind::Tag) s->tags += 1;
      else if (obj.kind == ObjectKind::Track) s->byType[obj.shapeType()].tracks += 1;
      else s->byType[obj.shapeType()].shapes += 1;
      s->manual += manual;
      s->interpolated += interpolated;
    }
  }
  return stats;
}

}  // namespace labelstation
