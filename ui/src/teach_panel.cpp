// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/teach_panel.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QScrollBar>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "mnl/latency_sweep.h"
#include "mnl/teach/example_frame.h"
#include "mnl/teach/image_folder.h"
#include "mnl/teach/taught_model.h"
#include "mnl/teach/teach_project.h"
#include "mnl/ui/accessible_text.h"
#include "mnl/ui/example_strip.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/save_whole.h"

namespace mnl::ui {
namespace {

QString percent(double value) {
  return std::isnan(value) ? QStringLiteral("–") : QStringLiteral("%1 %").arg(100 * value, 0, 'f', 0);
}

QTableWidgetItem* readOnly(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  return item;
}

}  // namespace

TeachPanel::TeachPanel(QString modelFile, QWidget* parent)
    : QWidget(parent), modelFile_(std::move(modelFile)) {
  setObjectName(QStringLiteral("teachPanel"));
  classTable_ = new QTableWidget(0, 2, this);
  classTable_->setObjectName(QStringLiteral("teachClasses"));
  classTable_->setHorizontalHeaderLabels({tr("Class"), tr("Examples")});
  classTable_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  classTable_->verticalHeader()->hide();
  classTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
  classTable_->setSelectionMode(QAbstractItemView::SingleSelection);
  classTable_->setToolTip(tr("Double-click a name to rename the class"));
  classTable_->verticalHeader()->setDefaultSectionSize(classTable_->fontMetrics().height() + 6);

  auto* add = new QPushButton(tr("Add class"), this);
  auto* remove = new QPushButton(tr("Remove class"), this);
  auto* import = new QPushButton(tr("Import folder…"), this);
  auto* openProjectButton = new QPushButton(tr("Open project…"), this);
  auto* saveProjectButton = new QPushButton(tr("Save project…"), this);
  saveProjectButton->setToolTip(tr("The classes and every example as image files, with a "
                                   "manifest, in a folder: nothing recorded is lost"));
  import->setToolTip(tr("A folder with one sub-folder of images per class"));
  record_ = new QPushButton(tr("Hold to record"), this);
  record_->setToolTip(tr("While held (or while R is held), the frames shown become examples of "
                        "the selected class"));
  teach_ = new QPushButton(tr("Teach"), this);
  teach_->setToolTip(tr("Train a head on the examples at the window's \u03b1 and input size, "
                        "then classify the live view with it"));
  search_ = new QPushButton(tr("Which network?"), this);
  search_->setToolTip(tr("Teach the same examples on every bundled width and input size, then "
                         "see your held-out accuracy against this machine's latency in "
                         "\u201cYour machine\u201d: the smallest MobileNet that does your job"));
  cancel_ = new QPushButton(tr("Cancel"), this);
  save_ = new QPushButton(tr("Save model…"), this);
  save_->setEnabled(false);
  cancel_->setEnabled(false);
  progress_ = new QProgressBar(this);
  progress_->setTextVisible(true);
  progress_->hide();
  summary_ = new QLabel(tr("Add two classes or more, record or import examples, then Teach."),
                        this);
  summary_->setWordWrap(true);
  confusion_ = new QTableWidget(0, 0, this);
  confusion_->setObjectName(QStringLiteral("teachConfusion"));
  confusion_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  confusion_->setToolTip(tr("Held-out examples: rows are the true class, columns the predicted. "
                            "Click a cell to see its examples."));

  auto* classButtons = new QHBoxLayout;
  classButtons->addWidget(add);
  classButtons->addWidget(remove);
  classButtons->addWidget(import);
  auto* projectButtons = new QHBoxLayout;
  projectButtons->addWidget(openProjectButton);
  projectButtons->addWidget(saveProjectButton);
  auto* teachButtons = new QHBoxLayout;
  teachButtons->addWidget(record_);
  teachButtons->addWidget(teach_);
  teachButtons->addWidget(search_);
  teachButtons->addWidget(cancel_);
  teachButtons->addWidget(save_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(classTable_, 2);
  layout->addLayout(classButtons);
  layout->addLayout(projectButtons);
  layout->addLayout(teachButtons);
  layout->addWidget(progress_);
  layout->addWidget(summary_);
  layout->addWidget(confusion_, 3);
  strip_ = new ExampleStrip(this);
  layout->addWidget(strip_);
  connect(confusion_, &QTableWidget::cellClicked, this, &TeachPanel::showCell);
  connect(classTable_, &QTableWidget::cellClicked, this,
          [this](int row, int) { showClass(row); });
  setFocusPolicy(Qt::StrongFocus);
  describe(this, tr("teach your own classes"),
           tr("Classes, their examples and the taught model's accuracy; hold R to record the "
              "live view into the selected class"));
  classTable_->installEventFilter(this);
  confusion_->installEventFilter(this);
  connect(strip_, &ExampleStrip::removeRequested, this, &TeachPanel::removeExample);
  connect(strip_, &ExampleStrip::moveRequested, this, &TeachPanel::moveExample);

  // What a screen reader says for each control (tst_accessibility checks every one).
  describe(classTable_, tr("taught classes"),
           tr("Each class and how many examples it has; double-click a name to rename it"));
  describe(confusion_, tr("confusion matrix"),
           tr("Held-out examples: rows the true class, columns the predicted one, then each "
              "class's accuracy; activate a cell to see its examples"));
  for (QTableWidget* table : {classTable_, confusion_}) {
    // The table, its headers (item views too) and the scroll bars of all three, and the
    // corner button that selects everything.
    const QString name = table->accessibleName();
    for (QAbstractScrollArea* area :
         {static_cast<QAbstractScrollArea*>(table),
          static_cast<QAbstractScrollArea*>(table->horizontalHeader()),
          static_cast<QAbstractScrollArea*>(table->verticalHeader())}) {
      describe(area->verticalScrollBar(), tr("scroll %1").arg(name), tr("Moves the rows into view"));
      describe(area->horizontalScrollBar(), tr("scroll %1 sideways").arg(name),
               tr("Moves the columns into view"));
    }
    describe(table->horizontalHeader(), tr("%1: column headers").arg(name), tr("The classes"));
    describe(table->verticalHeader(), tr("%1: row headers").arg(name), tr("The classes"));
    if (auto* corner = table->findChild<QAbstractButton*>())
      describe(corner, tr("select all of %1").arg(name), tr("Selects every cell"));
  }
  describe(add, add->text(), tr("Adds a class, named Class N until you rename it"));
  describe(remove, remove->text(), tr("Removes the selected class and its examples"));
  describe(import, import->text(), import->toolTip());
  describe(openProjectButton, openProjectButton->text(),
           tr("Opens a saved teaching project: its classes and examples"));
  describe(saveProjectButton, saveProjectButton->text(), saveProjectButton->toolTip());
  describe(record_, record_->text(), record_->toolTip());
  describe(teach_, teach_->text(), teach_->toolTip());
  describe(search_, search_->text(), search_->toolTip());
  describe(cancel_, cancel_->text(), tr("Stops the teaching in progress"));
  describe(save_, save_->text(),
           tr("Writes the taught model: this app's format, TFLite or the notebook's state dict"));
  describe(progress_, tr("teaching progress"), tr("Examples embedded, then epochs trained"));
  connect(add, &QPushButton::clicked, this, [this] { addClass(); });
  connect(remove, &QPushButton::clicked, this, [this] { removeClass(selectedClass()); });
  connect(import, &QPushButton::clicked, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import examples"));
    if (!folder.isEmpty()) importFolder(folder);
  });
  connect(openProjectButton, &QPushButton::clicked, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a teaching project"));
    if (!folder.isEmpty()) openProject(folder);
  });
  connect(saveProjectButton, &QPushButton::clicked, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Save the project in"));
    if (!folder.isEmpty()) saveProject(folder);
  });
  connect(record_, &QPushButton::pressed, this, [this] { setRecording(true); });
  connect(record_, &QPushButton::released, this, [this] { setRecording(false); });
  connect(teach_, &QPushButton::clicked, this, &TeachPanel::teach);
  connect(search_, &QPushButton::clicked, this, &TeachPanel::searchNetworks);
  connect(cancel_, &QPushButton::clicked, this, &TeachPanel::cancel);
  connect(save_, &QPushButton::clicked, this, &TeachPanel::saveModelAs);
  connect(classTable_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() == 0 && item->row() < classes_.size()) renameClass(item->row(), item->text());
  });
  // Answers of a run given up on (cancelled, or replaced by a newer Teach) are dropped.
  connect(&thread_, &TeachThread::progressed, this,
          [this](const QString& stage, int done, int total, quint64 generation) {
            if (generation != generation_) return;
            progress_->setRange(0, total);
            progress_->setValue(done);
            progress_->setFormat(QStringLiteral("%1 %v/%m").arg(stage));
          });
  connect(&thread_, &TeachThread::taught, this,
          [this](const TeachOutcomePtr& outcome, quint64 generation) {
            if (generation == generation_) showOutcome(outcome);
          });
  connect(&thread_, &TeachThread::searched, this,
          [this](const NetworkSearchPtr& accuracies, quint64 generation) {
            if (generation == generation_) showSearch(accuracies);
          });
  connect(&thread_, &TeachThread::failed, this, [this](const QString& message, quint64 generation) {
    if (generation != generation_) return;
    setBusy(false);
    summary_->setText(message);
    Q_EMIT failed(message);
  });
  addClass(tr("Class 1"));
  addClass(tr("Class 2"));
  selectClass(0);
}

TeachPanel::~TeachPanel() {
  thread_.requestStop();
  thread_.wait();
  if (writer_) writer_->wait();  // a save finishes: its files are the person's
}

void TeachPanel::inBackground(std::function<QString()> work,
                              std::function<void(const QString&)> done) {
  if (writer_) writer_->wait();
  writer_.reset(QThread::create([this, work = std::move(work), done = std::move(done)] {
    QString error;
    try {
      error = work();
    } catch (const std::exception& e) {
      error = QString::fromUtf8(e.what());
    }
    // Queued to the panel: dropped by Qt if the panel is gone (its destructor joins first).
    QMetaObject::invokeMethod(this, [done, error] { done(error); }, Qt::QueuedConnection);
  }));
  writer_->start();
}

void TeachPanel::saveProject(const QString& folder) {
  teach::TeachProject project;
  for (const QString& name : classes_) project.classes.push_back(name.toStdString());
  std::vector<std::uint64_t> ids;
  for (const Example& e : examples_) {
    project.examples.push_back({e.label, e.frame, e.file});
    ids.push_back(e.id);
  }
  project.backbone = backbone_;
  summary_->setText(tr("Saving the project in %1…").arg(folder));
  auto saved = std::make_shared<teach::TeachProject>();
  inBackground(
      [folder, project, saved] {
        *saved = teach::saveTeachProject(folder.toStdString(), project);
        return QString();
      },
      [this, folder, saved, ids](const QString& error) {
        projectWritten(folder, saved, ids, error);
      });
}

void TeachPanel::projectWritten(const QString& folder, std::shared_ptr<teach::TeachProject> saved,
                                const std::vector<std::uint64_t>& ids, const QString& error) {
  if (!error.isEmpty()) {
    summary_->setText(tr("The project was not saved: %1").arg(error));
    Q_EMIT projectSaved(folder, false);
    return;
  }
  // Each saved example is its file from now on (the same id: its embedding stays cached); the
  // frames it held are freed. Examples recorded while saving stay frames until the next save.
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (Example& e : examples_)
      if (e.id == ids[i]) {
        e.frame.reset();
        e.file = saved->examples[i].file;
      }
  summary_->setText(tr("Saved the project in %1.").arg(folder));
  Q_EMIT projectSaved(folder, true);
}

bool TeachPanel::openProject(const QString& folder) {
  teach::OpenedProject opened;
  try {
    opened = teach::openTeachProject(folder.toStdString());
  } catch (const std::exception& e) {
    summary_->setText(QString::fromUtf8(e.what()));
    return false;
  }
  classes_.clear();
  for (const std::string& name : opened.project.classes) classes_ << QString::fromStdString(name);
  examples_.clear();
  for (const teach::ProjectExample& e : opened.project.examples)
    examples_.push_back({nextId_++, e.label, nullptr, e.file});
  refreshClasses();
  selectClass(0);
  summary_->setText(
      tr("Opened %1: %2 examples in %3 classes (taught at α %4, %5 px).")
          .arg(folder)
          .arg(examples_.size())
          .arg(classes_.size())
          .arg(opened.project.backbone.network.alpha)
          .arg(opened.project.backbone.network.resolution) +
      (opened.problems.empty()
           ? QString()
           : tr(" %n example file(s) missing, left out.", nullptr,
                static_cast<int>(opened.problems.size()))));
  return true;
}

void TeachPanel::setBackbone(const teach::BackboneRequest& backbone) { backbone_ = backbone; }

QStringList TeachPanel::classes() const { return classes_; }

int TeachPanel::examples(int classIndex) const {
  return static_cast<int>(std::count_if(examples_.begin(), examples_.end(),
                                        [classIndex](const Example& e) { return e.label == classIndex; }));
}

int TeachPanel::selectedClass() const { return classTable_->currentRow(); }

void TeachPanel::selectClass(int classIndex) { classTable_->selectRow(classIndex); }

void TeachPanel::addClass(const QString& name) {
  strip_->clear();  // its "Move to" list names the classes as they were
  QString chosen = name.trimmed();
  for (int n = static_cast<int>(classes_.size()) + 1; chosen.isEmpty() || classes_.contains(chosen); ++n)
    chosen = tr("Class %1").arg(n);
  classes_ << chosen;
  refreshClasses();
  selectClass(static_cast<int>(classes_.size()) - 1);
}

void TeachPanel::removeClass(int classIndex) {
  strip_->clear();  // its "Move to" list names the classes as they were
  if (classIndex < 0 || classIndex >= classes_.size()) return;
  classes_.removeAt(classIndex);
  std::erase_if(examples_, [classIndex](const Example& e) { return e.label == classIndex; });
  for (Example& e : examples_)
    if (e.label > classIndex) --e.label;
  refreshClasses();
  selectClass(std::min(classIndex, static_cast<int>(classes_.size()) - 1));
}

void TeachPanel::renameClass(int classIndex, const QString& name) {
  if (classIndex < 0 || classIndex >= classes_.size()) return;
  const QString trimmed = name.trimmed();
  // Two classes of one name could not be told apart in a labels file: the old name stays.
  if (!trimmed.isEmpty() && !classes_.contains(trimmed)) classes_[classIndex] = trimmed;
  strip_->clear();
  refreshClasses();
}

void TeachPanel::setRecording(bool recording) {
  recording_ = recording && selectedClass() >= 0;
  record_->setText(recording_ ? tr("Recording…") : tr("Hold to record"));
}

void TeachPanel::offerFrame(const Frame& frame) {
  if (!recording_ || !frame.bgr || frame.sequence == lastRecorded_) return;
  const int label = selectedClass();
  if (label < 0) return;
  lastRecorded_ = frame.sequence;
  examples_.push_back(
      {nextId_++, label, std::make_shared<const Frame>(teach::exampleFrame(frame)), {}});
  refreshClasses();
}

bool TeachPanel::importFolder(const QString& folder) {
  teach::ImageFolder found;
  try {
    found = teach::scanImageFolder(folder.toStdString());
  } catch (const std::exception& e) {
    summary_->setText(QString::fromUtf8(e.what()));
    return false;
  }
  for (const teach::LabelledFile& file : found.files) {
    const QString name = QString::fromStdString(found.classes[static_cast<std::size_t>(file.label)]);
    int label = static_cast<int>(classes_.indexOf(name));
    if (label < 0) {
      classes_ << name;
      label = static_cast<int>(classes_.size()) - 1;
    }
    examples_.push_back({nextId_++, label, nullptr, file.file});
  }
  // The two empty classes the panel starts with make way for the folder's.
  for (int c = static_cast<int>(classes_.size()) - 1; c >= 0; --c)
    if (examples(c) == 0 && classes_.size() > 2) removeClass(c);
  refreshClasses();
  summary_->setText(tr("Imported %n image(s) from %1.", nullptr, static_cast<int>(found.files.size()))
                        .arg(folder));
  return true;
}

std::optional<teach::TeachRequest> TeachPanel::readyRequest() {
  for (int c = 0; c < classes_.size(); ++c)
    if (examples(c) == 0) {
      summary_->setText(tr("“%1” has no examples yet: record some, or remove the class.")
                            .arg(classes_[c]));
      return std::nullopt;
    }
  if (classes_.size() < 2) {
    summary_->setText(tr("Teaching needs two classes or more."));
    return std::nullopt;
  }
  teach::TeachRequest request;
  request.backbone = backbone_;
  for (const QString& name : classes_) request.classes.push_back(name.toStdString());
  for (const Example& e : examples_) request.examples.push_back({e.id, e.label, e.frame, e.file});
  return request;
}

void TeachPanel::teach() {
  std::optional<teach::TeachRequest> request = readyRequest();
  if (!request) return;
  request->modelFile = modelFile_.toStdString();
  setBusy(true);
  taughtBackbone_ = backbone_;
  thread_.teach(*request, ++generation_);
}

std::vector<NetworkConfig> TeachPanel::searchGrid() const {
  if (!searchNetworks_.empty()) return searchNetworks_;
  // A user's backbone has one width: its resolutions alone. The bundled ones: the paper's 16.
  SweepGrid grid = paperSweepGrid();
  if (!backbone_.weightsFile.empty()) grid.alphas = {backbone_.network.alpha};
  std::vector<NetworkConfig> networks;
  for (std::size_t i = 0; i < grid.size(); ++i) networks.push_back(grid.point(i));
  return networks;
}

void TeachPanel::searchNetworks() {
  const std::optional<teach::TeachRequest> request = readyRequest();
  if (!request) return;
  setBusy(true);
  summary_->setText(tr("Teaching the same examples on every network…"));
  thread_.search(*request, searchGrid(), ++generation_);
}

void TeachPanel::cancel() {
  // The panel answers at once: a request the thread has not taken yet ends without a word from
  // it, and what a run cancelled too late still sends is dropped (its generation is past).
  ++generation_;
  thread_.cancel();
  setBusy(false);
  summary_->setText(tr("Teaching cancelled."));
}

void TeachPanel::showCell(int truth, int predicted) {
  if (!outcome_) return;
  const teach::Evaluation& e = outcome_->linearEvaluation;
  const int n = static_cast<int>(outcome_->classes.size());
  if (truth < 0 || truth >= n || predicted < 0 || predicted >= n) return;
  // Held-out example k of the evaluation is the k-th example the run held out.
  std::vector<std::uint64_t> heldOutIds;
  for (std::size_t i = 0; i < outcome_->heldOut.size(); ++i)
    if (outcome_->heldOut[i]) heldOutIds.push_back(outcome_->exampleIds[i]);
  QList<ExampleStrip::Item> items;
  for (int k : e.examplesIn(truth, predicted)) {
    const std::uint64_t id = heldOutIds[static_cast<std::size_t>(k)];
    for (const Example& example : examples_)
      if (example.id == id) items.push_back({id, thumbnailOf(example)});
  }
  const QString t = QString::fromStdString(outcome_->classes[static_cast<std::size_t>(truth)]);
  const QString p = QString::fromStdString(outcome_->classes[static_cast<std::size_t>(predicted)]);
  strip_->show(truth == predicted
                   ? tr("Held-out “%1” examples recognised: %2").arg(t).arg(items.size())
                   : tr("Held-out “%1” examples taken for “%2”: %3").arg(t, p).arg(items.size()),
               items, classes_);
}

void TeachPanel::showClass(int classIndex) {
  if (classIndex < 0 || classIndex >= classes_.size()) return;
  QList<ExampleStrip::Item> items;
  for (auto it = examples_.rbegin(); it != examples_.rend() && items.size() < kShownExamples; ++it)
    if (it->label == classIndex) items.push_back({it->id, thumbnailOf(*it)});
  const int all = examples(classIndex);
  strip_->show(all > items.size()
                   ? tr("Examples of “%1”: the newest %2 of %3").arg(classes_[classIndex]).arg(items.size()).arg(all)
                   : tr("Examples of “%1”: %2").arg(classes_[classIndex]).arg(all),
               items, classes_);
}

bool TeachPanel::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::KeyPress || event->type() == QEvent::KeyRelease) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_R && key->modifiers() == Qt::NoModifier) {
      if (!key->isAutoRepeat()) setRecording(event->type() == QEvent::KeyPress);
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void TeachPanel::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_R && !event->isAutoRepeat()) {
    setRecording(true);
    return;
  }
  QWidget::keyPressEvent(event);
}

void TeachPanel::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_R && !event->isAutoRepeat()) {
    setRecording(false);
    return;
  }
  QWidget::keyReleaseEvent(event);
}

QImage TeachPanel::thumbnailOf(const Example& example) const {
  if (example.frame) {
    const Frame& f = *example.frame;
    return QImage(f.bgr->data(), f.width, f.height, 3 * f.width, QImage::Format_BGR888)
        .scaled(128, 128, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  }
  QImageReader reader(QString::fromStdString(example.file.string()));
  const QSize size = reader.size();
  if (size.isValid()) reader.setScaledSize(size.scaled(128, 128, Qt::KeepAspectRatio));
  return reader.read();
}

void TeachPanel::removeExample(quint64 id) {
  std::erase_if(examples_, [id](const Example& e) { return e.id == id; });
  refreshClasses();
}

void TeachPanel::moveExample(quint64 id, int classIndex) {
  if (classIndex < 0 || classIndex >= classes_.size()) return;
  for (Example& e : examples_)
    if (e.id == id) e.label = classIndex;
  refreshClasses();
}

bool TeachPanel::busy() const { return cancel_->isEnabled(); }

QString TeachPanel::summary() const { return summary_->text(); }

void TeachPanel::showSearch(const NetworkSearchPtr& accuracies) {
  setBusy(false);
  lastSearch_ = accuracies;
  const auto best = std::max_element(
      accuracies->begin(), accuracies->end(),
      [](const teach::TaughtAccuracy& a, const teach::TaughtAccuracy& b) {
        return a.linear.value_or(-1) < b.linear.value_or(-1);
      });
  const auto name = [](const NetworkConfig& n) {
    return QStringLiteral("%1/%2").arg(formatAlpha(n.alpha)).arg(n.resolution);
  };
  if (best == accuracies->end() || !best->linear) {
    summary_->setText(tr("Taught on %n network(s), but no example was held out to judge them: "
                         "add examples.", nullptr, static_cast<int>(accuracies->size())));
  } else {
    // The smallest network (fewest mult-adds) within a point of the best.
    const teach::TaughtAccuracy* smallest = &*best;
    for (const teach::TaughtAccuracy& a : *accuracies)
      if (a.linear && *a.linear >= *best->linear - 0.01 &&
          costedRow(a.network).multAdds < costedRow(smallest->network).multAdds)
        smallest = &a;
    summary_->setText(
        tr("Held-out accuracy on %n network(s): best %1 (%2); the smallest within a point of it: "
           "%3 (%4). \u201cYour machine\u201d sets them against the latency measured here.",
           nullptr, static_cast<int>(accuracies->size()))
            .arg(percent(*best->linear), name(best->network), name(smallest->network),
                 percent(*smallest->linear)));
  }
  Q_EMIT networksSearched(accuracies);
}

void TeachPanel::setBusy(bool busy) {
  teach_->setEnabled(!busy);
  search_->setEnabled(!busy);
  cancel_->setEnabled(busy);
  save_->setEnabled(!busy && outcome_ && !outcome_->modelFile.empty());
  progress_->setVisible(busy);
  if (busy) progress_->setRange(0, 0);
}

void TeachPanel::refreshClasses() {
  const QSignalBlocker block(classTable_);  // no itemChanged for what is set here
  classTable_->setRowCount(static_cast<int>(classes_.size()));
  for (int c = 0; c < classes_.size(); ++c) {
    classTable_->setItem(c, 0, new QTableWidgetItem(classes_[c]));
    classTable_->setItem(c, 1, readOnly(QString::number(examples(c))));
  }
}

void TeachPanel::showOutcome(const TeachOutcomePtr& outcome) {
  setBusy(false);
  outcome_ = outcome;
  const teach::Evaluation& e = outcome->linearEvaluation;
  summary_->setText(
      tr("Taught %1 classes from %2 examples at \u03b1 %3, %4 px. Held out: %5. Linear head: "
         "%6 right; k-NN (k = %7): %8. The live view now uses the taught model.")
          .arg(outcome->classes.size())
          .arg(outcome->examples)
          .arg(outcome->backbone.alpha)
          .arg(outcome->backbone.resolution)
          .arg(e.examples())
          .arg(percent(e.top1()))
          .arg(outcome->k)
          .arg(percent(outcome->knnEvaluation.top1())));
  const int n = static_cast<int>(outcome->classes.size());
  strip_->clear();
  confusion_->clear();
  confusion_->setRowCount(n);
  confusion_->setColumnCount(n + 1);
  QStringList names;
  for (const std::string& c : outcome->classes) names << QString::fromStdString(c);
  confusion_->setVerticalHeaderLabels(names);
  confusion_->setHorizontalHeaderLabels(names + QStringList{tr("Accuracy")});
  for (int t = 0; t < n; ++t) {
    for (int p = 0; p < n; ++p) {
      auto* cell = readOnly(QString::number(e.confusion[t][p]));
      cell->setTextAlignment(Qt::AlignCenter);
      if (t == p) {
        QFont bold = cell->font();
        bold.setBold(true);
        cell->setFont(bold);
      }
      confusion_->setItem(t, p, cell);
    }
    confusion_->setItem(t, n, readOnly(percent(e.accuracy(t))));
  }
  save_->setEnabled(!outcome->modelFile.empty());
  Q_EMIT taught(outcome);
  if (!outcome->modelFile.empty())
    Q_EMIT taughtModelReady(QString::fromStdString(outcome->modelFile.string()));
}

void TeachPanel::saveModelAs() {
  if (!outcome_ || outcome_->modelFile.empty()) return;
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Save the taught model"), QStringLiteral("taught.mnl"),
      tr("MobileNet Lab weights (*.mnl);;TFLite for LiteRT (*.tflite);;The notebook's state dict "
         "(*.pth)"));
  if (!file.isEmpty()) saveModel(file);
}

void TeachPanel::saveModel(const QString& file) {
  if (!outcome_) return;
  // Written anew in the format the name asks for (model_file.h), from the backbone and head
  // the shown results came from.
  const TeachOutcomePtr outcome = outcome_;
  const teach::BackboneRequest backbone = taughtBackbone_;
  std::vector<std::string> labels = outcome->classes;
  inBackground(
      [file, outcome, backbone, labels] {
        teach::saveTaughtModel(backbone, outcome->linear.head, labels, file.toStdString());
        return QString();
      },
      [this, file](const QString& error) {
        if (!error.isEmpty()) summary_->setText(tr("The model was not saved: %1").arg(error));
        Q_EMIT saved(file, error.isEmpty());
      });
}

}  // namespace mnl::ui
