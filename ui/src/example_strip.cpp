// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/example_strip.h"

#include <QScrollBar>

#include "mnl/ui/accessible_text.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

namespace mnl::ui {

namespace {
constexpr int kThumbnail = 64;
}  // namespace

ExampleStrip::ExampleStrip(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("exampleStrip"));
  title_ = new QLabel(this);
  title_->setWordWrap(true);
  list_ = new QListWidget(this);
  list_->setViewMode(QListView::IconMode);
  list_->setIconSize(QSize(kThumbnail, kThumbnail));
  list_->setFlow(QListView::LeftToRight);
  list_->setWrapping(false);
  list_->setFixedHeight(kThumbnail + 24);
  list_->setMovement(QListView::Static);
  target_ = new QComboBox(this);
  move_ = new QPushButton(tr("Move to"), this);
  remove_ = new QPushButton(tr("Remove example"), this);
  describe(list_, tr("examples of the chosen cell"),
           tr("Thumbnails of the held-out examples in the confusion matrix's chosen cell"));
  describe(list_->horizontalScrollBar(), tr("scroll the examples"), tr("Moves thumbnails into view"));
  describe(list_->verticalScrollBar(), tr("scroll the examples up and down"),
           tr("Moves thumbnails into view"));
  describe(target_, tr("class to move the example to"), tr("The class the example belongs to"));
  describe(move_, move_->text(), tr("Moves the selected example to the class chosen beside"));
  describe(remove_, remove_->text(), tr("Removes the selected example from the taught set"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(remove_);
  buttons->addStretch();
  buttons->addWidget(move_);
  buttons->addWidget(target_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(title_);
  layout->addWidget(list_);
  layout->addLayout(buttons);
  connect(remove_, &QPushButton::clicked, this, [this] {
    if (const quint64 id = selectedId()) {
      delete list_->takeItem(list_->currentRow());
      Q_EMIT removeRequested(id);
    }
  });
  connect(move_, &QPushButton::clicked, this, [this] {
    if (const quint64 id = selectedId(); id && target_->currentIndex() >= 0) {
      delete list_->takeItem(list_->currentRow());
      Q_EMIT moveRequested(id, target_->currentIndex());
    }
  });
  clear();
}

void ExampleStrip::show(const QString& title, const QList<Item>& items,
                        const QStringList& classes) {
  title_->setText(title);
  list_->clear();
  for (const Item& item : items) {
    auto* entry = new QListWidgetItem(
        QIcon(QPixmap::fromImage(item.thumbnail.scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio,
                                                       Qt::SmoothTransformation))),
        QString());
    entry->setData(Qt::UserRole, item.id);
    list_->addItem(entry);
  }
  target_->clear();
  target_->addItems(classes);
  const bool any = !items.isEmpty();
  // Out of the way until a cell is chosen: the Teach room is narrow on a laptop's screen.
  setVisible(!title.isEmpty());
  move_->setEnabled(any);
  remove_->setEnabled(any);
  target_->setEnabled(any);
  if (any) list_->setCurrentRow(0);
}

void ExampleStrip::clear() { show(QString(), {}, {}); }

QList<quint64> ExampleStrip::shown() const {
  QList<quint64> ids;
  for (int i = 0; i < list_->count(); ++i) ids << list_->item(i)->data(Qt::UserRole).toULongLong();
  return ids;
}

quint64 ExampleStrip::selectedId() const {
  const QListWidgetItem* item = list_->currentItem();
  return item ? item->data(Qt::UserRole).toULongLong() : 0;
}

}  // namespace mnl::ui
