// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Teach room: MobileNet taught the person's own classes, as Teachable Machine does, with
// this app's α and input size. Classes are added, renamed and removed; holding "Record" keeps
// the frames shown in the live view as examples of the selected class; a folder of one
// sub-folder per class can be imported. "Teach" runs on TeachThread: the examples not yet
// embedded go through the backbone, 15 % of each class is held out, the linear head is trained
// and k is chosen for k-NN; the held-out accuracy of both, each class's and the confusion
// matrix (rows: true class) are shown, and the backbone with the linear head is written as a
// model of the taught classes, which the window then runs live (taughtModelReady), with CAM
// and Grad-CAM for the taught classes. "Save model…" keeps a copy.

#include <QImage>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "mnl/frame.h"
#include "mnl/teach/embedder.h"
#include "mnl/teach/teach_project.h"
#include "mnl/teach/teacher.h"
#include "mnl/ui/teach_thread.h"

class QKeyEvent;
class QLabel;
class QThread;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace mnl::ui {
class ExampleStrip;
}

namespace mnl::ui {

class TeachPanel : public QWidget {
  Q_OBJECT

 public:
  // `modelFile`: where each taught model is written (replaced, whole, by the next one).
  explicit TeachPanel(QString modelFile, QWidget* parent = nullptr);
  ~TeachPanel() override;

  // The backbone the next "Teach" uses: the window's α and input size, or a user's model.
  void setBackbone(const teach::BackboneRequest& backbone);
  // Each frame the live view shows: kept as an example of the selected class while recording.
  void offerFrame(const Frame& frame);

  QStringList classes() const;
  int examples(int classIndex) const;
  int selectedClass() const;
  void selectClass(int classIndex);
  void addClass(const QString& name = {});
  void removeClass(int classIndex);
  void renameClass(int classIndex, const QString& name);
  void setRecording(bool recording);
  // Adds a folder of one sub-folder per class: a class of the same name gets the files, a new
  // name becomes a class. Returns false, with the reason shown, when it is no such folder.
  bool importFolder(const QString& folder);
  // Starts teaching with what there is; the answer comes as taught() or failed(). Refused,
  // with the reason shown, for fewer than two classes or a class without examples.
  void teach();
  // "Which network?": the same examples taught on every network of the grid (the paper's 16
  // for a bundled backbone, the four resolutions of a user's), on the teach thread; the
  // answer comes as networksSearched(), for "Your machine" to set against the latency.
  void searchNetworks();
  // Tests: search these networks instead.
  void setSearchNetworks(std::vector<NetworkConfig> networks) {
    searchNetworks_ = std::move(networks);
  }
  const NetworkSearchPtr& lastSearch() const { return lastSearch_; }
  void cancel();
  // Writes the classes and examples as a project folder (teach_project.h) on a thread of its
  // own: recorded frames become PNG files of the project; projectSaved() follows.
  void saveProject(const QString& folder);
  // Replaces the classes and examples with a saved project's. False, with the reason shown,
  // when the folder is no project.
  bool openProject(const QString& folder);
  // Writes the last taught model in the format `file`'s name asks for (this app's, .tflite or
  // .pth: model_file.h), on a thread of its own; saved() follows.
  void saveModel(const QString& file);
  bool busy() const;
  QString summary() const;
  const TeachOutcomePtr& lastOutcome() const { return outcome_; }
  // A cell of the confusion matrix clicked: the held-out examples of class `truth` taken for
  // `predicted`, in the strip below it. Their ids, for tests.
  void showCell(int truth, int predicted);
  // A class row clicked: its examples in the same strip (the newest first, at most
  // kShownExamples), each removable or movable.
  void showClass(int classIndex);
  static constexpr int kShownExamples = 120;
  ExampleStrip* cellExamples() const { return strip_; }
  void removeExample(quint64 id);
  void moveExample(quint64 id, int classIndex);

 protected:
  // R held down while the room has the keyboard records, as "Hold to record" does.
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  // The tables would take R for their keyboard search: the panel hears it first.
  bool eventFilter(QObject* watched, QEvent* event) override;

 Q_SIGNALS:
  // The taught model is written: the window runs it live.
  void taughtModelReady(const QString& file);
  void taught(const mnl::ui::TeachOutcomePtr& outcome);
  void networksSearched(const mnl::ui::NetworkSearchPtr& accuracies);
  void failed(const QString& message);
  void saved(const QString& file, bool ok);
  void projectSaved(const QString& folder, bool ok);

 private:
  struct Example {
    std::uint64_t id = 0;
    int label = 0;
    std::shared_ptr<const Frame> frame;  // recorded
    std::filesystem::path file;          // imported
  };
  void refreshClasses();
  QImage thumbnailOf(const Example& example) const;
  void showOutcome(const TeachOutcomePtr& outcome);
  void showSearch(const NetworkSearchPtr& accuracies);
  // The request of what there is, or nullopt with the reason shown (a class without
  // examples, fewer than two classes).
  std::optional<teach::TeachRequest> readyRequest();
  std::vector<NetworkConfig> searchGrid() const;
  void saveModelAs();
  void setBusy(bool busy);
  void projectWritten(const QString& folder, std::shared_ptr<teach::TeachProject> saved,
                      const std::vector<std::uint64_t>& ids, const QString& error);
  // Runs `work` on a thread of its own (a save: the UI thread never waits on the disk), then
  // `done` on the UI thread with its error text (empty: it worked). One at a time.
  void inBackground(std::function<QString()> work, std::function<void(const QString&)> done);

  QString modelFile_;
  teach::BackboneRequest backbone_;
  QStringList classes_;
  std::vector<Example> examples_;
  std::uint64_t nextId_ = 1;
  std::int64_t lastRecorded_ = -1;  // the sequence of the last frame kept
  bool recording_ = false;
  TeachOutcomePtr outcome_;
  NetworkSearchPtr lastSearch_;
  std::vector<NetworkConfig> searchNetworks_;
  teach::BackboneRequest taughtBackbone_;  // what outcome_ was taught on
  quint64 generation_ = 0;  // the run whose answers count; a cancel moves it on
  TeachThread thread_;
  std::unique_ptr<QThread> writer_;  // the save in progress, joined before the next

  QTableWidget* classTable_;
  QPushButton* record_;
  QPushButton* teach_;
  QPushButton* search_;
  QPushButton* cancel_;
  QPushButton* save_;
  QProgressBar* progress_;
  QLabel* summary_;
  QTableWidget* confusion_;
  ExampleStrip* strip_;
};

}  // namespace mnl::ui
