#pragma once
// The job's information (the navigation bar's Info, as CVAT's job info): frames, deleted frames,
// and the annotation statistics per label: shapes and tracks per shape type, tags, manually
// drawn and interpolated shapes.

#include <QDialog>

#include "labelstation/core/document.h"

namespace labelstation::app {

class JobInfoDialog : public QDialog {
  Q_OBJECT
 public:
  JobInfoDialog(const Document& document, QWidget* parent = nullptr);
};

}  // namespace labelstation::app
