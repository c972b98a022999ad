// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window: live view and feature maps on top, the α/ρ controls between what they change,
// the cost panel below. It owns the capture and inference threads and only ever talks to them
// through their thread-safe calls and queued signals: the UI thread never waits on a camera,
// a file, a model rebuild or a forward pass (except to join them when the window closes).

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>
#include <memory>

#include "mnl/frame.h"
#include "mnl/inference_result.h"
#include "mnl/ui/launch_options.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/stage_clock.h"

class QAction;
class QMenu;
class QSplitter;

namespace mnl::ui {

class CaptureThread;
class CostPanel;
class FeatureMapView;
class InferenceThread;
class LiveView;
class MultiplierControls;
class StatusBar;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(LaunchOptions options, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a camera index, file or folder on the capture thread.
  void openSource(const QString& spec);
  void setPaused(bool paused);
  bool paused() const { return paused_; }
  void stepFrame();
  bool saveWindowPng(const QString& file);
  bool saveFeatureGridPng(const QString& file);
  bool saveCostCsv(const QString& file);
  // Stops capture (never waiting on a source) and joins the inference thread (idempotent);
  // closeEvent calls it.
  void shutDown();

  LiveView* liveView() const { return live_; }
  FeatureMapView* featureMaps() const { return features_; }
  MultiplierControls* controls() const { return controls_; }
  CostPanel* costPanel() const { return cost_; }
  StatusBar* statusLine() const { return status_; }
  InferenceThread* inference() const { return inference_.get(); }
  int resultsShown() const { return resultsShown_; }
  // The snapshot on screen now (null before the first).
  ResultPtr shownResult() const { return shown_; }
  QString currentSource() const { return source_; }
  std::filesystem::path resourcesDir() const { return resources_; }
  std::filesystem::path demoClip() const;
  // Time the UI thread spent putting results on screen, summed since the window opened: handing
  // each shown result to the live view (the camera frame converted for display) and to the
  // feature maps (coloured), and painting both.
  struct DrawingTime {
    StageClock frameUpdate, framePaint, featureUpdate, featurePaint;
  };
  DrawingTime drawingTime() const;

 signals:
  void resultShown(int count);
  void sourceChanged(const QString& description);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void fillCameraMenu();
  void startThreads();
  QString initialSource() const;
  void onNetworkChanged(const NetworkConfig& config);
  void pushSettings();
  void onResult(const ResultPtr& result, const Frame& frame);
  // openSource() without forgetting a failed source: the fall-back to the demo clip.
  void startOpening(const QString& spec);
  void onSourceOpened(const QString& spec, const QString& name, const QString& kind, double fps);
  void onSourceFailed(const QString& spec, const QString& message);
  void onSourceLost(const QString& spec, const QString& name, const QString& message);
  void maybeTakeScreenshot();
  // "Saved …" for a few seconds, or a warning that stays until a later save succeeds.
  void reportSaved(const QString& file, bool saved);
  void restoreLayout();
  void saveSettings();

  LaunchOptions options_;
  std::filesystem::path resources_;
  LiveView* live_;
  FeatureMapView* features_;
  MultiplierControls* controls_;
  CostPanel* cost_;
  StatusBar* status_;
  QSplitter* vertical_;
  QSplitter* top_;
  QMenu* cameraMenu_ = nullptr;
  QAction* pauseAction_ = nullptr;
  std::unique_ptr<InferenceThread> inference_;
  std::unique_ptr<CaptureThread> capture_;

  QString source_;           // the spec the capture thread has open
  QString requestedSource_;  // the spec asked for last (for the fallback to the demo clip)
  bool fellBackToDemo_ = false;
  QString failedSource_;  // what could not be opened, named in the line over the picture
  bool still_ = false;    // the source has ended (a single image): results come only on changes
  bool paused_ = false;
  bool shutDown_ = false;
  int resultsShown_ = 0;
  ResultPtr shown_;
  StageClock frameUpdate_, featureUpdate_;
  double fps_ = 0;
  QElapsedTimer sinceLastResult_;
  ModelInfo shownModel_;
  bool haveModel_ = false;
  LayerTimings timings_;
  NetworkConfig timedNetwork_;
  bool screenshotTaken_ = false;
  QTimer screenshotDeadline_;
};

}  // namespace mnl::ui
