#include "job_info.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <set>

#include "labelstation/core/statistics.h"

namespace labelstation::app {

JobInfoDialog::JobInfoDialog(const Document& document, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Job info"));
  auto* layout = new QVBoxLayout(this);
  int deleted = 0;
  for (int f = 0; f < document.frameCount(); ++f) deleted += document.isFrameDeleted(f) ? 1 : 0;
  auto* summary = new QLabel(tr("%1 — %2 frames (%3 deleted), %4 labels, %5 objects")
                                 .arg(QString::fromStdString(document.task().name))
                                 .arg(document.frameCount())
                                 .arg(deleted)
                                 .arg(document.labels().topLevelLabels().size())
                                 .arg(document.objects().size()),
                             this);
  summary->setObjectName("jobSummary");
  layout->addWidget(summary);

  const AnnotationStatistics stats = computeStatistics(document);
  // A column per shape type the job uses ("shapes / tracks"), then tags and the totals.
  std::set<ShapeType> types;
  for (const auto& [type, count] : stats.total.byType) types.insert(type);
  QStringList headers{tr("Label")};
  for (ShapeType t : types) headers << QString::fromUtf8(toString(t).data());
  headers << tr("Tags") << tr("Manual") << tr("Interpolated") << tr("Total");
  auto* table = new QTableWidget(0, headers.size(), this);
  table->setObjectName("statistics");
  table->setHorizontalHeaderLabels(headers);
  table->verticalHeader()->hide();
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  std::vector<const LabelStatistics*> rows;
  for (const auto& l : stats.labels) rows.push_back(&l);
  rows.push_back(&stats.total);
  for (const LabelStatistics* l : rows) {
    const int row = table->rowCount();
    table->insertRow(row);
    int column = 0;
    table->setItem(row, column++, new QTableWidgetItem(QString::fromStdString(l->name)));
    for (ShapeType t : types) {
      const auto it = l->byType.find(t);
      const LabelStatistics::Count c = it == l->byType.end() ? LabelStatistics::Count{} : it->second;
      table->setItem(row, column++, new QTableWidgetItem(QString("%1 / %2").arg(c.shapes).arg(c.tracks)));
    }
    for (int value : {l->tags, l->manual, l->interpolated, l->total()}) table->setItem(row, column++, new QTableWidgetItem(QString::number(value)));
  }
  table->resizeColumnsToContents();
  layout->addWidget(table, 1);
  layout->addWidget(new QLabel(tr("Shape types: shapes / tracks. Deleted frames are not counted."), this));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(std::max(480, table->horizontalHeader()->length() + 40), 320);
}

}  // namespace labelstation::app
