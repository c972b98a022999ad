// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window: the live view in the middle, the feature maps beside it, the α/ρ controls between
// what they change and the cost below, each panel a dock a person can move, tab, float, hide and
// bring back (View › Panels); their places are saved with the settings. It owns the capture and
// inference threads and only ever talks to them through their thread-safe calls and queued
// signals: the UI thread never waits on a camera, a file, a model rebuild or a forward pass
// (except to join them when the window closes).
//
// Split by concern, as OBS splits its main window: main_window.cpp (life cycle, threads,
// results), main_window_rooms.cpp (docks, first size, layout), main_window_menus.cpp (menus and
// exports), main_window_files.cpp (files opened, dropped or given on the command line).

#include <QMainWindow>
#include <memory>

#include "mnl/engine_settings.h"
#include "mnl/frame.h"
#include "mnl/inference_result.h"
#include "mnl/ui/frame_rate_meter.h"
#include "mnl/ui/guide_text.h"
#include "mnl/ui/window_options.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/stage_clock.h"

class QAction;
class QDockWidget;
class QTemporaryDir;
class QMenu;

namespace mnl::ui {

class CaptureThread;
class CostPanel;
class FeatureMapView;
class InferenceThread;
class LiveView;
class MachineView;
class MultiplierControls;
class TeachPanel;
class SourcePolicy;
class StatusBar;
class UserModel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(WindowOptions options, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a camera index, file or folder on the capture thread.
  void openSource(const QString& spec);
  void setPaused(bool paused);
  bool paused() const { return paused_; }
  void stepFrame();
  // Build and run the network the controls show now, without waiting for the settle time: what
  // letting go of a slider does (a drag, a keyboard or wheel step wait for the settle time).
  void settleNow();
  bool saveWindowPng(const QString& file);
  bool saveFeatureGridPng(const QString& file);
  // The saliency map on screen as FILE (PNG, over the network input) and FILE's name with .csv
  // (its values); false when none is shown or a file cannot be written.
  bool saveSaliencyMap(const QString& file);
  bool saveCostCsv(const QString& file);
  // Stops capture (never waiting on a source) and joins the inference thread (idempotent);
  // closeEvent calls it.
  void shutDown();

  LiveView* liveView() const { return live_; }
  FeatureMapView* featureMaps() const { return features_; }
  MultiplierControls* controls() const { return controls_; }
  CostPanel* costPanel() const { return cost_; }
  // "Your machine" (a dock, floating and hidden until asked for): the latency sweep of this
  // computer.
  MachineView* machineView() const { return machine_; }
  TeachPanel* teachPanel() const { return teach_; }
  const WindowOptions& options() const { return options_; }
  QDockWidget* teachRoom() const { return teachDock_; }
  QDockWidget* machineDock() const { return machineDock_; }
  // The panels around the live view, in View › Panels order (Your machine apart).
  QList<QDockWidget*> rooms() const;
  // View › Panels › Reset layout: every panel back in its first place, shown.
  void resetLayout();
  StatusBar* statusLine() const { return status_; }
  InferenceThread* inference() const { return inference_.get(); }
  int resultsShown() const { return resultsShown_; }
  // The snapshot on screen now (null before the first).
  ResultPtr shownResult() const { return shown_; }
  QString currentSource() const;
  // Which source plays and what the line over the picture says (the demo clip fall-back).
  SourcePolicy* sources() const { return sources_; }
  // The user's own weights, labels and normalisation, and the recent files.
  UserModel* userModel() const { return userModel_; }
  // Files dropped on the window or given on the command line: the first source opens, the
  // first weights file loads; the status line says what became of each.
  void openFiles(const QStringList& files);
  // The source gives no more frames (a single image shown, a source lost): a result comes only
  // when a setting changes.
  bool sourceIsStill() const;
  // The per-layer times on screen are from a timed pass of the network the controls show.
  bool timedPassShown() const;
  std::filesystem::path resourcesDir() const { return resources_; }
  std::filesystem::path demoClip() const;
  // Time the UI thread spent putting results on screen, summed since the window opened: handing
  // each shown result to the live view (the camera frame converted for display) and to the
  // feature maps (coloured), and painting both.
  struct DrawingTime {
    StageClock frameUpdate, framePaint, featureUpdate, featurePaint;
  };
  DrawingTime drawingTime() const;
  // What Help › About names: versions of the program and its libraries, and the device.
  AboutVersions aboutVersions() const;

 signals:
  void resultShown(int count);
  // A timed pass's per-layer times reached the cost panel.
  void timingsShown();
  void sourceChanged(const QString& description);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  // saveState()'s version: a saved arrangement of other rooms than these is not restored.
  static constexpr int kRoomsVersion = 1;
  void showOverlay();
  void buildRooms();
  QDockWidget* addRoom(const QString& title, const QString& objectName, QWidget* room);
  // The first size: the design's 1600×1000 where the screen has room, else what it has.
  void fitToScreen();
  void connectPanels();
  void connectInference();
  void connectCapture();
  // FILE… of the command line (with --source, if any): the source to start with.
  QString routeStartupFiles();
  void buildMenus();
  void fillCameraMenu();
  void startThreads(const QString& firstSource);
  void onNetworkChanged(const NetworkConfig& config);
  void pushSettings();
  void onResult(const ResultPtr& result, const Frame& frame);
  // "Saved …" for a few seconds, or a warning that stays until a later save succeeds.
  void reportSaved(const QString& file, bool saved);
  void saveSettings();
  // Source › Largest picture…: the pixel limit of the sources opened from then on.
  void askMaxPixels();
  // The "Your machine" dock, its Apply and the pause of live inference while it measures.
  void buildMachineView(const EngineOptions& engine);
  // The Teach room (teach_panel.h): tabbed with the feature maps, closed at first; its taught
  // model runs live as the user's model. main_window_teach.cpp.
  void buildTeachRoom();
  // What the Teach room embeds with: the window's α and input size, bundled weights, or the
  // user's own model when one runs (never the model it taught itself).
  void updateTeachBackbone();

  WindowOptions options_;
  std::filesystem::path resources_;
  LiveView* live_;
  FeatureMapView* features_;
  MultiplierControls* controls_;
  CostPanel* cost_;
  StatusBar* status_;
  QDockWidget* featuresDock_ = nullptr;
  QDockWidget* controlsDock_ = nullptr;
  QDockWidget* chartsDock_ = nullptr;
  QDockWidget* tradeoffDock_ = nullptr;
  QDockWidget* totalsDock_ = nullptr;
  QMenu* cameraMenu_ = nullptr;
  QAction* pauseAction_ = nullptr;
  MachineView* machine_ = nullptr;
  QDockWidget* machineDock_ = nullptr;
  TeachPanel* teach_ = nullptr;
  QDockWidget* teachDock_ = nullptr;
  QString taughtModelFile_;
  std::unique_ptr<QTemporaryDir> taughtTemporary_;  // with --no-saved-settings
  bool machineDockPlaced_ = false;
  std::unique_ptr<InferenceThread> inference_;
  std::unique_ptr<CaptureThread> capture_;
  SourcePolicy* sources_ = nullptr;
  UserModel* userModel_ = nullptr;

  // The picture's corner says the most important of these; each is kept apart so that one
  // ending (a sweep finishing) never wipes another (the camera lost).
  bool paused_ = false;
  bool measuring_ = false;
  QString lostOverlay_;
  bool shutDown_ = false;
  qint64 maxPixels_ = 50'000'000;  // SourceOptions::maxPixels, saved with the settings
  int resultsShown_ = 0;
  ResultPtr shown_;
  StageClock frameUpdate_, featureUpdate_;
  FrameRateMeter frameRate_;
  ModelInfo shownModel_;
  bool haveModel_ = false;
  int shownWeightsRequest_ = 0;  // EngineSettings::weightsRequest of the shown user model
  LayerTimings timings_;
  NetworkConfig timedNetwork_;
};

}  // namespace mnl::ui
