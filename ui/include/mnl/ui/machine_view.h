// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Your machine": the α × resolution grid timed on this computer. The paper's top-1 against the
// measured latency (SweepAccuracyChart) and the latency against mult-adds with its fitted
// line (SweepFitChart); a budget in ms or FPS, the most accurate network within it and an
// Apply button that moves the sliders there; the sweep measured on its own thread
// (SweepThread) with progress and Cancel, cached per machine configuration (sweep_cache.h);
// exports of the sweep (CSV) and of either chart (PNG, SVG, PDF). After the Teach room has
// searched the networks for the person's classes, their held-out accuracy stands beside the
// paper's, and the budget may choose by it ("Choose by").
//
// While a sweep runs the view says so through measuringChanged(): the window pauses its
// live inference for that time, so the two do not share the cores and each sweep point is
// timed as it would run alone.

#include <QWidget>
#include <optional>

#include "mnl/latency_sweep_runner.h"
#include "mnl/teach/network_search.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/sweep_thread.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace mnl::ui {

class SweepAccuracyChart;
class SweepFitChart;

class MachineView : public QWidget {
  Q_OBJECT
 public:
  struct Options {
    SweepRequest request;  // what "Measure" times: the device, precision and threads of the window
    QString cacheDir;      // empty: defaultSweepCacheDir()
    bool measureWhenFirstShown = true;  // with nothing cached, opening the view starts a sweep
    bool writeCache = true;  // false (--no-saved-settings): a cached sweep is read, none written
  };
  explicit MachineView(Options options, QWidget* parent = nullptr);
  ~MachineView() override;

  // The sweep shown, if any (from the cache or measured).
  const std::optional<SweepResult>& result() const { return result_; }
  void setResult(const SweepResult& result);
  // Marks the network on the controls.
  void setCurrentNetwork(const NetworkConfig& network);
  // The number format the window runs (its Format control): the sweep shown becomes this
  // format's (cached per format), and "Measure" times in it. A sweep in progress is cancelled.
  void setPrecision(Precision precision);
  Precision precision() const { return options_.request.precision; }
  // A budget of `value` milliseconds per frame, or frames per second.
  void setBudget(double value, bool framesPerSecond);
  std::optional<LatencyBudget> budget() const;
  // The most accurate measured network within the budget: by the paper's ImageNet top-1, or
  // by the person's held-out accuracy when "Choose by" says so.
  std::optional<NetworkConfig> choice() const;
  // The Teach room's search: the person's held-out accuracy per network (`what`: their
  // classes, for the view's header). "Choose by" turns to it.
  void setYourAccuracy(const std::vector<teach::TaughtAccuracy>& accuracies, const QString& what);
  bool choosingByYours() const;
  void setChoosingByYours(bool yours);
  // The file this machine's sweep is cached in.
  QString cacheFile() const { return cacheFile_; }

  // Starts a sweep on the sweep thread (replacing the cached one when it completes); Cancel
  // drops it and keeps what was shown.
  void measure();
  void cancel();
  bool measuring() const { return measuring_; }
  // Stops and joins the sweep thread (the window's shutdown; idempotent).
  void shutDown();

  bool saveCsv(const QString& file) const;
  bool saveViewPng(const QString& file);  // the whole view, as on screen
  bool saveAccuracyChart(const QString& file) const;  // .png, .svg or .pdf
  bool saveFitChart(const QString& file) const;

  SweepAccuracyChart* accuracyChart() const { return accuracy_; }
  SweepFitChart* fitChart() const { return fit_; }
  QPushButton* applyButton() const { return apply_; }
  QPushButton* measureButton() const { return measure_; }
  QPushButton* cancelButton() const { return cancel_; }
  QString machineText() const;
  QString choiceText() const;

 Q_SIGNALS:
  // "Apply": the controls should move to this network.
  void applyRequested(const mnl::NetworkConfig& network);
  void measuringChanged(bool measuring);
  // A file saved, or not: for the window's status line.
  void saved(const QString& file, bool ok);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void onMeasured(const SweepResultPtr& result, const QString& notice);
  // The cached sweep of this machine configuration, or none: shown, with what it is.
  void showCached();
  void setMeasuring(bool measuring, const QString& status);
  void refreshBudget();
  // The rows the budget chooses from: the sweep's, or with the person's accuracy as top-1.
  std::vector<SweepRow> candidates() const;
  void exportTo(const QString& title, const QString& filter, bool (MachineView::*save)(const QString&) const);

  Options options_;
  MachineInfo machine_;
  QString cacheFile_;
  std::optional<SweepResult> result_;
  NetworkConfig network_;
  bool measuring_ = false;
  bool shownOnce_ = false;
  SweepThread* thread_;
  QLabel* header_;
  QLabel* status_;
  SweepAccuracyChart* accuracy_;
  SweepFitChart* fit_;
  QDoubleSpinBox* budgetValue_;
  QComboBox* budgetUnit_;
  QComboBox* chooseBy_;
  std::vector<teach::TaughtAccuracy> yours_;
  QString yoursText_;
  QLabel* choice_;
  QPushButton* apply_;
  QProgressBar* progress_;
  QPushButton* cancel_;
  QPushButton* measure_;
  QToolButton* export_;
};

}  // namespace mnl::ui
