// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Thumbnails of some taught examples (a cell of the Teach room's confusion matrix: the held-out
// examples of one class taken for another), each one selectable, to remove it or move it to
// the class it really belongs to: how a person finds the mislabelled or misleading examples
// behind a confusion.

#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace mnl::ui {

class ExampleStrip : public QWidget {
  Q_OBJECT

 public:
  struct Item {
    quint64 id = 0;
    QImage thumbnail;
  };

  explicit ExampleStrip(QWidget* parent = nullptr);

  // Shows `items` under `title`; `classes` fill the "Move to" choice. Hidden while there is
  // no title (clear()).
  void show(const QString& title, const QList<Item>& items, const QStringList& classes);
  void clear();
  QList<quint64> shown() const;

 Q_SIGNALS:
  void removeRequested(quint64 id);
  void moveRequested(quint64 id, int classIndex);

 private:
  quint64 selectedId() const;

  QLabel* title_;
  QListWidget* list_;
  QComboBox* target_;
  QPushButton* move_;
  QPushButton* remove_;
};

}  // namespace mnl::ui
