// SPDX-License-Identifier: GPL-3.0-or-later
// The window's life cycle: what it starts from, its threads, what it shows of each result.
#include "mnl/ui/main_window.h"

#include <QTemporaryDir>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QLabel>
#include <QFileInfo>
#include <QSlider>
#include <QThread>

#include "mnl/libtorch_info.h"
#include "mnl/media/camera_list.h"
#include "mnl/media/opencv_version.h"
#include "mnl/model_catalog.h"
#include "mnl/ui/app_settings.h"
#include "mnl/ui/capture_thread.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/feature_grid.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/frame_view.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/machine_view.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/network_threads.h"
#include "mnl/ui/precision_choice.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/saliency_controls.h"
#include "mnl/ui/source_policy.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/teach_panel.h"
#include "mnl/ui/user_model.h"

namespace mnl::ui {

MainWindow::MainWindow(WindowOptions options, QWidget* parent)
    : QMainWindow(parent),
      options_(std::move(options)),
      live_(new LiveView),
      features_(new FeatureMapView),
      controls_(new MultiplierControls),
      cost_(new CostPanel(this)),
      status_(new StatusBar) {
  registerMetatypes();
  resources_ = options_.resourcesDir.empty() ? defaultResourcesDir() : options_.resourcesDir;
  sources_ = new SourcePolicy(demoClip(), {}, this);
  setWindowTitle(tr("MobileNet Lab"));
  setAcceptDrops(true);
  setStatusBar(status_);
  buildRooms();
  fitToScreen();

  // Starting point: defaults, then saved settings, then the command line.
  AppSettings saved;
  if (options_.useSavedSettings) saved = AppSettings::load();
  NetworkConfig network = saved.network;
  if (options_.alpha) network.alpha = *options_.alpha;
  if (options_.resolution) network.resolution = *options_.resolution;
  if (options_.conv) network.conv = *options_.conv;
  controls_->setSnap(saved.snap);
  connectPanels();
  // --precision bf16 or int8: the format control starts there, where this CPU has them.
  if (isCpuReduced(options_.precision) && !live_->precision()->setPrecision(options_.precision))
    status_->setWarning(
        StatusBar::Topic::Engine,
        QString::fromStdString(Engine::cpuPrecisionProblem(options_.precision)) +
            tr(": FP32 runs instead"));

  // Threads exist before the first settings are pushed; they start after.
  InferenceThread::Options inferenceOptions;
  inferenceOptions.engine.resourcesDir = resources_;
  inferenceOptions.engine.device =
      options_.device.value_or(cudaAvailable() ? DeviceKind::Cuda : DeviceKind::Cpu);
  // --precision fp16 is the engine's (CUDA); bf16 and int8 are the format control's, which
  // offers them where this CPU has the instructions.
  if (options_.precision == Precision::Float16) inferenceOptions.engine.precision = Precision::Float16;
  inferenceOptions.engine.threads = networkThreads(options_.threads, QThread::idealThreadCount());
  inferenceOptions.engine.adaptThreads = options_.adaptThreads;  // --threads is the most it uses
  inferenceOptions.settleMs = options_.settleMs;
  inference_ = std::make_unique<InferenceThread>(inferenceOptions);
  InferenceThread* inference = inference_.get();
  capture_ = std::make_unique<CaptureThread>(
      [inference](const Frame& frame) { inference->submitFrame(frame); }, options_.sourceFactory);
  maxPixels_ = saved.maxPixels;
  capture_->setMaxPixels(maxPixels_);
  if (!saved.problems.isEmpty())
    status_->setWarning(StatusBar::Topic::Settings,
                        tr("Saved settings not used (defaults instead): %1")
                            .arg(saved.problems.join(QStringLiteral("; "))));

  // The user's own model: a request is pushed like any setting; the engine loads it on its
  // thread and either runs it (a rebuilt result) or refuses it (weightsRejected).
  userModel_ = new UserModel(this);
  userModel_->setRemembersFiles(options_.useSavedSettings);  // tests leave no trace
  connect(userModel_, &UserModel::changed, this, [this] {
    if (!userModel_->weightsFile().isEmpty() && !controls_->locked())
      status_->showMessage(tr("Loading %1\u2026").arg(userModel_->weightsFile()), 5000);
    pushSettings();
  });
  connect(userModel_, &UserModel::openSourceRequested, this, &MainWindow::openSource);
  connectInference();
  connectCapture();

  buildMachineView(inferenceOptions.engine);
  buildTeachRoom();
  buildMenus();
  controls_->setNetwork(network);  // emits networkChanged → cost panel, layer list, settings
  // pw5 asked for in standard mode means conv5, and the reverse.
  const QString layer = !options_.layer.isEmpty() ? options_.layer : saved.layer;
  const std::string wanted = equivalentLayer(layer.toStdString(), network);
  features_->selectLayer(wanted);
  if (!options_.layer.isEmpty() && layerIndex(options_.layer.toStdString(), network) < 0 &&
      wanted == layerNames(network).front() && wanted != options_.layer.toStdString())
    status_->setWarning(StatusBar::Topic::Layer,
                        tr("There is no layer '%1' in this network; showing %2.")
                            .arg(options_.layer, QString::fromStdString(features_->layer())));
  cost_->setSelectedLayer(features_->layer());
  if (!options_.saliency.isEmpty() && !live_->saliency()->apply(options_.saliency))
    status_->setWarning(StatusBar::Topic::Layer,
                        tr("No saliency map '%1' in this network: cam, gradcam or gradcam:LAYER.")
                            .arg(options_.saliency));
  if (options_.useSavedSettings) {
    if (!saved.geometry.isEmpty()) restoreGeometry(saved.geometry);
    // A state from another version of the window's panels is refused whole (kept as built).
    if (!saved.dockState.isEmpty()) restoreState(saved.dockState, kRoomsVersion);
  }
  const QString firstSource = routeStartupFiles();
  pushSettings();
  startThreads(SourcePolicy::startingSource(firstSource, saved.source, listCameras(),
                                            QString::fromStdString(demoClip().string())));
}

void MainWindow::connectPanels() {
  connect(controls_, &MultiplierControls::networkChanged, this, &MainWindow::onNetworkChanged);
  // Letting go of a slider says it has stopped: no need to wait for the settle time.
  for (QSlider* slider : {controls_->alphaSlider(), controls_->resolutionSlider()})
    connect(slider, &QSlider::sliderReleased, this, &MainWindow::settleNow);
  connect(features_, &FeatureMapView::requestChanged, this, [this] { pushSettings(); });
  connect(features_, &FeatureMapView::layerSelected, this, [this](const QString& layer) {
    cost_->setSelectedLayer(layer.toStdString());
    // "showing pw1" no longer says what is shown, whoever changed it.
    status_->clearWarning(StatusBar::Topic::Layer);
  });
  connect(cost_, &CostPanel::layerClicked, this,
          [this](const QString& layer) { features_->selectLayer(layer.toStdString()); });
  // Saliency: the method and layer from its control, the class from a clicked prediction row.
  connect(live_->saliency(), &SaliencyControls::requestChanged, this, [this] { pushSettings(); });
  connect(live_->precision(), &PrecisionChoice::precisionChanged, this, [this] { pushSettings(); });
  connect(live_->predictions(), &PredictionBars::chosenClassChanged, this,
          [this] { pushSettings(); });
  status_->addPermanentWidget(live_->saliency()->rateLabel());
}

void MainWindow::connectInference() {
  InferenceThread* inference = inference_.get();
  connect(inference, &InferenceThread::weightsRejected, this,
          [this](const QString& why, const EngineSettings& kept) {
    userModel_->refused(kept);
    status_->setWarning(StatusBar::Topic::File, why.section(QLatin1Char('\n'), 0, 0));
  });
  connect(cost_, &CostPanel::measureRequested, this, [this] { inference_->requestProfile(); });
  connect(inference, &InferenceThread::resultReady, this, &MainWindow::onResult);
  connect(inference, &InferenceThread::engineReady, this, [this](const DeviceInfo& device) {
    status_->setDevice(device);
    // E.g. CUDA asked for but absent: the engine says why it runs on the CPU.
    status_->setWarning(StatusBar::Topic::Device, QString::fromStdString(device.notice));
  });
  connect(inference, &InferenceThread::warning, this,
          [this](const QString& message) {
            status_->setWarning(StatusBar::Topic::Engine, message);
          });
  connect(inference, &InferenceThread::layerTimingsReady, this,
          [this](const LayerTimings& timings, const NetworkConfig& timed) {
            timings_ = timings;
            timedNetwork_ = timed;
            cost_->setTimings(timings, timed);
            emit timingsShown();
          });
}

void MainWindow::connectCapture() {
  // The capture thread reports to the source policy; the policy's decisions go back to the
  // capture thread and onto the screen.
  CaptureThread* capture = capture_.get();
  connect(capture, &CaptureThread::sourceOpened, sources_, &SourcePolicy::onOpened);
  connect(capture, &CaptureThread::sourceFailed, sources_, &SourcePolicy::onFailed);
  connect(capture, &CaptureThread::sourceEnded, sources_, &SourcePolicy::onEnded);
  connect(capture, &CaptureThread::sourceLost, sources_, &SourcePolicy::onLost);
  connect(capture, &CaptureThread::sourceSkipped, this, [this](const QString& message) {
    status_->setWarning(StatusBar::Topic::Source, message);
  });
  connect(sources_, &SourcePolicy::openRequested, this,
          [capture](const QString& spec) { capture->openSource(spec); });
  connect(sources_, &SourcePolicy::lineChanged, live_, &LiveView::setSource);
  connect(sources_, &SourcePolicy::warningChanged, this, [this](const QString& message) {
    if (message.isEmpty())
      status_->clearWarning(StatusBar::Topic::Source);
    else
      status_->setWarning(StatusBar::Topic::Source, message);
  });
  connect(sources_, &SourcePolicy::opened, this, [this](const QString&, const QString& line) {
    frameRate_.restart();
    lostOverlay_.clear();
    showOverlay();
    emit sourceChanged(line);
  });
  connect(sources_, &SourcePolicy::lost, this, [this](const QString& text) {
    lostOverlay_ = text;
    showOverlay();
  });
}

MainWindow::~MainWindow() {
  shutDown();
}

std::filesystem::path MainWindow::demoClip() const {
  return resources_ / "demo" / "demo.avi";
}

void MainWindow::startThreads(const QString& firstSource) {
  inference_->start();
  openSource(firstSource);
}

QString MainWindow::currentSource() const {
  return sources_->current();
}

bool MainWindow::sourceIsStill() const {
  return sources_->still();
}

bool MainWindow::timedPassShown() const {
  return !timings_.empty() && timedNetwork_ == controls_->network();
}

void MainWindow::settleNow() {
  if (inference_) inference_->settleNow();
}

void MainWindow::onNetworkChanged(const NetworkConfig& config) {
  // Analytic: every cost readout follows the slider in this same event.
  cost_->setNetwork(config);
  features_->setNetwork(config);
  live_->saliency()->setNetwork(config);
  cost_->setSelectedLayer(features_->layer());
  if (machine_) machine_->setCurrentNetwork(config);
  pushSettings();
}

void MainWindow::pushSettings() {
  if (!inference_) return;
  EngineSettings settings;
  settings.network = controls_->network();
  settings.featureMaps = features_->request();
  settings.wantFeatureMaps = true;
  settings.topK = 5;
  settings.saliency = live_->saliency()->request();
  settings.precision = live_->precision()->precision();
  settings.saliency.classIndex = live_->predictions()->chosenClass();
  if (userModel_) userModel_->apply(settings);
  inference_->setSettings(settings);
  updateTeachBackbone();
}

void MainWindow::onResult(const ResultPtr& result, const Frame& frame) {
  // Newer results already queued behind this one: skip drawing it (newest wins here too).
  if (inference_->resultTaken() > 0 || shutDown_) return;
  const double endToEndMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - result->captured)
          .count();
  const double smoothedFps = frameRate_.frameShown();
  status_->clearWarning(StatusBar::Topic::Engine);  // inference works again
  if (!result->model.precisionProblem.empty())
    status_->setWarning(StatusBar::Topic::Engine,
                        QString::fromStdString(result->model.precisionProblem));
  shown_ = result;
  if (teach_) teach_->offerFrame(frame);  // kept as an example while "Record" is held
  // A still frame re-run on a slider move has no frame rate.
  const double fps = sources_->still() ? 0.0 : smoothedFps;
  {
    const auto timing = frameUpdate_.measure();
    live_->setResult(result, frame, endToEndMs, fps, inference_->framesDropped());
  }
  {
    const auto timing = featureUpdate_.measure();
    features_->setResult(result);
  }
  status_->setSpeed(result->forwardMs, fps, result->threads);
  live_->saliency()->showRate(*result, fps);
  cost_->addLiveSample(result->forwardMs, endToEndMs, fps);
  cost_->setPrecisionCheck(result->precisionCheck);
  if (!haveModel_ || result->rebuilt || !(result->model.network == shownModel_.network) ||
      result->model.weights != shownModel_.weights) {
    shownModel_ = result->model;
    haveModel_ = true;
    status_->setModel(result->model);
    // A user's model fixes α (the slider jumps there and locks); the bundled ones free it.
    if (result->model.userWeights) {
      // Only a newer load clears a refusal: after one, the engine rebuilds the model it had,
      // and that rebuilt result must leave the refusal on screen.
      if (result->settings.user.request != shownWeightsRequest_)
        status_->clearWarning(StatusBar::Topic::File);
      shownWeightsRequest_ = result->settings.user.request;
      if (status_->currentMessage().startsWith(tr("Loading")))
        status_->clearMessage();  // "Loading …" is over
      controls_->lockToUserModel(
          result->model.network,
          QFileInfo(QString::fromStdString(result->settings.user.file.string())).fileName());
    } else {
      controls_->unlock();
    }
  }
  ++resultsShown_;
  emit resultShown(resultsShown_);
}

AboutVersions MainWindow::aboutVersions() const {
  return {QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
          QString::fromStdString(openCvVersion()), QString::fromStdString(libTorchInfo().version),
          status_->deviceText()};
}

MainWindow::DrawingTime MainWindow::drawingTime() const {
  return {frameUpdate_, live_->frameView()->paintClock(), featureUpdate_,
          features_->grid()->paintClock()};
}

void MainWindow::setPaused(bool paused) {
  paused_ = paused;
  capture_->setPaused(paused);
  if (pauseAction_) pauseAction_->setChecked(paused);
  showOverlay();
}

void MainWindow::showOverlay() {
  QStringList lines;
  if (!lostOverlay_.isEmpty()) lines << lostOverlay_;
  if (measuring_) lines << tr("paused while \u201cYour machine\u201d measures latency");
  else if (paused_) lines << tr("paused \u2014 sliders re-run this frame");
  live_->setOverlay(lines.join(QLatin1Char('\n')));
}

void MainWindow::stepFrame() {
  if (!paused_) setPaused(true);
  capture_->step();
}

void MainWindow::reportSaved(const QString& file, bool saved) {
  if (saved) {
    status_->clearWarning(StatusBar::Topic::File);
    status_->showMessage(tr("Saved %1").arg(file), 5000);
  } else {
    status_->setWarning(StatusBar::Topic::File, tr("Could not write %1").arg(file));
  }
}

void MainWindow::saveSettings() {
  if (!options_.useSavedSettings) return;
  AppSettings s;
  s.source = sources_->current();
  s.network = controls_->network();
  s.layer = QString::fromStdString(features_->layer());
  s.snap = controls_->snap();
  s.maxPixels = maxPixels_;
  s.geometry = saveGeometry();
  s.dockState = saveState(kRoomsVersion);
  s.save();
}

void MainWindow::shutDown() {
  if (shutDown_) return;
  shutDown_ = true;
  // The capture lets go of its source worker at once, whatever call it is in (the worker ends
  // on its own); the inference thread finishes its forward pass and leaves.
  if (capture_) capture_->requestStop();
  if (inference_) inference_->requestStop();
  if (machine_) machine_->shutDown();  // a sweep stops within one forward pass
  if (inference_) inference_->wait();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  hide();  // the window goes at once; joining the threads takes at most one frame
  shutDown();
  event->accept();
}

}  // namespace mnl::ui
