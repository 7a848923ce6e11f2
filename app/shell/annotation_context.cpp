#include "annotation_context.h"

namespace labelstation::app {

void AnnotationContext::setFrame(int frame) {
  if (frame == frame_) return;
  frame_ = frame;
  emit frameChanged(frame);
}

void AnnotationContext::setSelected(ObjectId id) {
  if (id == selected_) return;
  selected_ = id;
  emit selectionChanged(id);
}

}  // namespace labelstation::app
