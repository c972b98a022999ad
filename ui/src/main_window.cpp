// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QFileInfo>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSlider>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include "mnl/libtorch_info.h"
#include "mnl/media/camera_list.h"
#include "mnl/media/opencv_version.h"
#include "mnl/model_catalog.h"
#include "mnl/ui/app_settings.h"
#include "mnl/ui/capture_thread.h"
#include "mnl/ui/cost_csv.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/save_whole.h"
#include "mnl/ui/frame_view.h"
#include "mnl/ui/guide_text.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/layer_cost_chart.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/machine_view.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/network_threads.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/saliency_controls.h"
#include "mnl/ui/saliency_overlay.h"
#include "mnl/ui/source_policy.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/user_model.h"

namespace mnl::ui {

namespace {
QString path(const std::filesystem::path& p) {
  return QString::fromStdString(p.string());
}
}  // namespace

MainWindow::MainWindow(LaunchOptions options, QWidget* parent)
    : QMainWindow(parent),
      options_(std::move(options)),
      live_(new LiveView),
      features_(new FeatureMapView),
      controls_(new MultiplierControls),
      cost_(new CostPanel),
      status_(new StatusBar),
      vertical_(new QSplitter(Qt::Vertical)),
      top_(new QSplitter(Qt::Horizontal)) {
  registerMetatypes();
  resources_ = options_.resourcesDir.empty() ? defaultResourcesDir() : options_.resourcesDir;
  sources_ = new SourcePolicy(demoClip(), {}, this);
  setWindowTitle(tr("MobileNet Lab"));
  setAcceptDrops(true);
  setStatusBar(status_);

  vertical_->setObjectName(QStringLiteral("verticalSplitter"));
  top_->setObjectName(QStringLiteral("topSplitter"));
  top_->addWidget(live_);
  top_->addWidget(features_);
  top_->setStretchFactor(0, 4);
  top_->setStretchFactor(1, 6);
  // The sliders sit between what they change: the picture above, the cost below.
  auto* bottom = new QWidget;
  auto* bottomLayout = new QVBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  bottomLayout->addWidget(controls_);
  bottomLayout->addWidget(cost_, 1);
  vertical_->addWidget(top_);
  vertical_->addWidget(bottom);
  vertical_->setStretchFactor(0, 11);
  vertical_->setStretchFactor(1, 10);
  top_->setSizes({620, 980});
  vertical_->setSizes({540, 420});
  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(6, 4, 6, 0);
  layout->addWidget(vertical_);
  setCentralWidget(central);
  resize(1600, 1000);

  // Starting point: defaults, then saved settings, then the command line.
  AppSettings saved;
  if (options_.useSavedSettings) saved = AppSettings::load();
  NetworkConfig network = saved.network;
  if (options_.alpha) network.alpha = *options_.alpha;
  if (options_.resolution) network.resolution = *options_.resolution;
  if (options_.conv) network.conv = *options_.conv;
  controls_->setSnap(saved.snap);

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
  connect(live_->predictions(), &PredictionBars::chosenClassChanged, this,
          [this] { pushSettings(); });
  status_->addPermanentWidget(live_->saliency()->rateLabel());

  // Threads exist before the first settings are pushed; they start after.
  InferenceThread::Options inferenceOptions;
  inferenceOptions.engine.resourcesDir = resources_;
  inferenceOptions.engine.device =
      options_.device.value_or(cudaAvailable() ? DeviceKind::Cuda : DeviceKind::Cpu);
  inferenceOptions.engine.precision = options_.precision;
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
  connect(inference_.get(), &InferenceThread::weightsRejected, this,
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

  buildMachineView(inferenceOptions.engine);
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
    for (QSplitter* splitter : findChildren<QSplitter*>())
      if (saved.splitters.contains(splitter->objectName()))
        splitter->restoreState(saved.splitters.value(splitter->objectName()));
  }
  // `mobilenet-lab FILE…`: the first weights file loads, the first other file is the source
  // (unless --source gave one); one of each at a time, and the others are named.
  QString firstSource = options_.source;
  QStringList notOpened;
  for (const QString& file : options_.files) {
    if (looksLikeWeightsFile(file)) {
      if (userModel_->weightsFile().isEmpty())
        userModel_->loadWeights(file);
      else
        notOpened << file;
    } else if (firstSource.isEmpty()) {
      firstSource = file;
    } else {
      notOpened << file;
    }
  }
  if (!notOpened.isEmpty())
    status_->setWarning(StatusBar::Topic::File,
                        tr("One source and one weights file at a time: not opened %1")
                            .arg(notOpened.join(QStringLiteral(", "))));
  pushSettings();
  startThreads(SourcePolicy::startingSource(firstSource, saved.source, listCameras(),
                                            path(demoClip())));
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

void MainWindow::openSource(const QString& spec) {
  if (QFileInfo(spec).exists()) userModel_->addRecentFile(spec);
  sources_->choose(spec);
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

void MainWindow::buildMachineView(const EngineOptions& engine) {
  MachineView::Options options;
  // What the window runs: the sweep times the networks as the live view would.
  options.request.device = engine.device;
  options.request.precision = engine.precision;
  options.request.threads = engine.threads;
  // A run that changes nothing of the person's (tests, scripted screenshots) may read what an
  // earlier sweep measured, and leaves no new cache file.
  options.writeCache = options_.useSavedSettings;
  machine_ = new MachineView(options);
  machineDock_ = new QDockWidget(tr("Your machine: measured latency and the paper's accuracy"), this);
  machineDock_->setObjectName(QStringLiteral("machineDock"));
  machineDock_->setWidget(machine_);
  addDockWidget(Qt::BottomDockWidgetArea, machineDock_);
  // Two charts want room the window's panels leave too little of: the view opens as its own
  // window over the lower half of this one (double-click its title to dock it).
  machineDock_->setFloating(true);
  connect(machineDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (!visible || machineDockPlaced_) return;
    machineDockPlaced_ = true;
    if (!machineDock_->isFloating()) return;
    const QRect area = geometry();
    machineDock_->setGeometry(area.x() + area.width() / 16, area.y() + area.height() * 2 / 5,
                              area.width() * 7 / 8, area.height() * 11 / 20);
  });
  machineDock_->hide();
  // --machine-view: opened once the window is on screen, so it has a place to open over.
  if (options_.machineView) QTimer::singleShot(0, machineDock_, &QWidget::show);
  connect(machine_, &MachineView::applyRequested, this, [this](const NetworkConfig& chosen) {
    NetworkConfig network = controls_->network();
    network.alpha = chosen.alpha;
    network.resolution = chosen.resolution;
    network.conv = chosen.conv;
    controls_->setNetwork(network);
    settleNow();
  });
  // Live inference pauses while the sweep measures: on a machine with few cores the two would
  // share them, the sweep would time the live view's load and the live view would stutter.
  // The capture thread stops handing out frames; the UI thread waits on neither.
  connect(machine_, &MachineView::measuringChanged, this, [this](bool measuring) {
    if (!capture_) return;
    measuring_ = measuring;
    capture_->setPaused(measuring || paused_);
    showOverlay();
  });
  connect(machine_, &MachineView::saved, this, &MainWindow::reportSaved);
}

void MainWindow::pushSettings() {
  if (!inference_) return;
  EngineSettings settings;
  settings.network = controls_->network();
  settings.featureMaps = features_->request();
  settings.wantFeatureMaps = true;
  settings.topK = 5;
  settings.saliency = live_->saliency()->request();
  settings.saliency.classIndex = live_->predictions()->chosenClass();
  if (userModel_) userModel_->apply(settings);
  inference_->setSettings(settings);
}

void MainWindow::onResult(const ResultPtr& result, const Frame& frame) {
  // Newer results already queued behind this one: skip drawing it (newest wins here too).
  if (inference_->resultTaken() > 0 || shutDown_) return;
  const double endToEndMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - result->captured)
          .count();
  const double smoothedFps = frameRate_.frameShown();
  status_->clearWarning(StatusBar::Topic::Engine);  // inference works again
  shown_ = result;
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
  if (!haveModel_ || result->rebuilt || !(result->model.network == shownModel_.network) ||
      result->model.weights != shownModel_.weights) {
    shownModel_ = result->model;
    haveModel_ = true;
    status_->setModel(result->model);
    // A user's model fixes α (the slider jumps there and locks); the bundled ones free it.
    if (result->model.userWeights) {
      // Only a newer load clears a refusal: after one, the engine rebuilds the model it had,
      // and that rebuilt result must leave the refusal on screen.
      if (result->settings.weightsRequest != shownWeightsRequest_)
        status_->clearWarning(StatusBar::Topic::File);
      shownWeightsRequest_ = result->settings.weightsRequest;
      if (status_->currentMessage().startsWith(tr("Loading")))
        status_->clearMessage();  // "Loading …" is over
      controls_->lockToUserModel(
          result->model.network,
          QFileInfo(QString::fromStdString(result->settings.weightsFile.string())).fileName());
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

bool MainWindow::saveWindowPng(const QString& file) {
  return saveImageWhole(grab().toImage(), file);
}

bool MainWindow::saveSaliencyMap(const QString& file) {
  const auto& map = live_->frameView()->saliency();
  return map && writeSaliencyFiles(*map, file);
}

bool MainWindow::saveFeatureGridPng(const QString& file) {
  const QImage image = features_->grid()->render();
  return saveImageWhole(image, file);
}

bool MainWindow::saveCostCsv(const QString& file) {
  // The measured column only where the timed pass is of the network on the controls.
  const NetworkConfig network = controls_->network();
  return writeCostCsv(file, computeCost(network), timedPassShown() ? timings_ : LayerTimings{});
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("Open &video\u2026"), QKeySequence::Open, this, [this] {
    const QString f = QFileDialog::getOpenFileName(
        this, tr("Open video"), {}, tr("Videos (*.avi *.mp4 *.mkv *.mov *.webm);;All files (*)"));
    if (!f.isEmpty()) openSource(f);
  });
  file->addAction(tr("Open &image\u2026"), this, [this] {
    const QString f = QFileDialog::getOpenFileName(
        this, tr("Open image"), {}, tr("Images (*.jpg *.jpeg *.png *.bmp *.webp);;All files (*)"));
    if (!f.isEmpty()) openSource(f);
  });
  file->addAction(tr("Open &folder of images\u2026"), this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Open folder of images"));
    if (!d.isEmpty()) openSource(d);
  });
  file->addSeparator();
  userModel_->addToMenu(file, this);
  file->addSeparator();
  file->addSeparator();
  const auto exportTo = [this](const QString& title, const QString& suffix, const QString& filter,
                               auto save) {
    const QString name =
        QStringLiteral("mobilenet-lab-%1.%2")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")), suffix);
    const QString f = QFileDialog::getSaveFileName(this, title, name, filter);
    if (!f.isEmpty()) reportSaved(f, save(f));
  };
  file->addAction(tr("Export window as &PNG\u2026"), this, [this, exportTo] {
    exportTo(tr("Export window"), QStringLiteral("png"), tr("PNG (*.png)"),
             [this](const QString& f) { return saveWindowPng(f); });
  });
  file->addAction(tr("Export feature &grid as PNG\u2026"), this, [this, exportTo] {
    exportTo(tr("Export feature grid"), QStringLiteral("png"), tr("PNG (*.png)"),
             [this](const QString& f) { return saveFeatureGridPng(f); });
  });
  file->addAction(tr("Save &saliency map (PNG and CSV)\u2026"), this, [this, exportTo] {
    exportTo(tr("Save saliency map"), QStringLiteral("png"), tr("PNG (*.png)"),
             [this](const QString& f) { return saveSaliencyMap(f); });
  });
  file->addAction(tr("Export cost table as &CSV\u2026"), this, [this, exportTo] {
    exportTo(tr("Export cost table"), QStringLiteral("csv"), tr("CSV (*.csv)"),
             [this](const QString& f) { return saveCostCsv(f); });
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* source = menuBar()->addMenu(tr("&Source"));
  cameraMenu_ = source->addMenu(tr("&Camera"));
  // Listing /dev/video* starts no capture: quick enough to do when the menu opens.
  connect(cameraMenu_, &QMenu::aboutToShow, this, &MainWindow::fillCameraMenu);
  source->addAction(tr("&Demo clip"), this, [this] { openSource(path(demoClip())); });
  source->addAction(tr("&Largest picture\u2026"), this, &MainWindow::askMaxPixels);
  source->addSeparator();
  pauseAction_ = source->addAction(tr("&Pause / freeze frame"));
  pauseAction_->setCheckable(true);
  pauseAction_->setShortcut(Qt::Key_Space);
  pauseAction_->setToolTip(tr("Freezes the frame; inference stays live, so the sliders re-run it"));
  connect(pauseAction_, &QAction::triggered, this, [this](bool on) { setPaused(on); });
  QAction* step = source->addAction(tr("&Step one frame"), this, &MainWindow::stepFrame);
  // Not the arrow keys: a focused slider needs them.
  step->setShortcut(QKeySequence(Qt::Key_Period));
  QAction* snapshot = source->addAction(tr("Sna&pshot window to Pictures"), this, [this] {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (dir.isEmpty()) dir = QDir::homePath();
    const QString f = QDir(dir).filePath(
        QStringLiteral("mobilenet-lab-%1.png")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    reportSaved(f, saveWindowPng(f));
  });
  snapshot->setShortcut(Qt::Key_F12);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* next = view->addAction(tr("&Next layer"), this, [this] { features_->nextLayer(); });
  next->setShortcuts(
      {QKeySequence(Qt::Key_BracketRight), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
  QAction* previous =
      view->addAction(tr("P&revious layer"), this, [this] { features_->previousLayer(); });
  previous->setShortcuts(
      {QKeySequence(Qt::Key_BracketLeft), QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
  view->addAction(tr("Next channel &page"), QKeySequence(Qt::CTRL | Qt::Key_Right), this,
                  [this] { features_->setPage(features_->page() + 1); });
  view->addAction(tr("Previous channel p&age"), QKeySequence(Qt::CTRL | Qt::Key_Left), this,
                  [this] { features_->setPage(features_->page() - 1); });
  view->addSeparator();
  QAction* log = view->addAction(tr("&Log scale for layer costs"));
  log->setCheckable(true);
  log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  connect(log, &QAction::toggled, this,
          [this](bool on) { cost_->layerChart()->setLogarithmic(on); });
  view->addAction(tr("&Measure time per layer"), QKeySequence(Qt::CTRL | Qt::Key_M), this, [this] {
    inference_->requestProfile();
    cost_->tabs()->setCurrentIndex(1);
  });
  QAction* machine = machineDock_->toggleViewAction();
  machine->setText(tr("&Your machine: latency sweep"));
  machine->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Y));
  view->addAction(machine);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Guide"), this, [this] {
    QMessageBox::information(this, tr("MobileNet Lab guide"), guideHtml());
  });
  help->addAction(tr("&About"), this, [this] {
    QMessageBox::about(this, tr("About MobileNet Lab"), aboutHtml(aboutVersions()));
  });
}

void MainWindow::fillCameraMenu() {
  cameraMenu_->clear();
  const std::vector<CameraInfo> cameras = listCameras();
  if (cameras.empty()) {
    cameraMenu_->addAction(tr("(no camera found)"))->setEnabled(false);
    return;
  }
  for (const CameraInfo& camera : cameras) {
    const QString spec = QString::number(camera.index);
    cameraMenu_->addAction(
        QStringLiteral("%1 \u2014 %2")
            .arg(QString::fromStdString(camera.path), QString::fromStdString(camera.name)),
        this, [this, spec] { openSource(spec); });
  }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (!urls.isEmpty() && urls.front().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  QStringList files;
  for (const QUrl& url : urls)
    if (url.isLocalFile()) files << url.toLocalFile();
  if (files.isEmpty()) return;
  openFiles(files);
  event->acceptProposedAction();
}

void MainWindow::openFiles(const QStringList& files) {
  QString source, weights;
  int ignored = 0;
  for (const QString& file : files) {
    if (looksLikeWeightsFile(file)) {
      if (weights.isEmpty()) weights = file; else ++ignored;
    } else {
      if (source.isEmpty()) source = file; else ++ignored;
    }
  }
  if (!weights.isEmpty()) userModel_->loadWeights(weights);
  if (!source.isEmpty()) openSource(source);
  if (files.size() > 1) {
    QStringList said;
    if (!source.isEmpty()) said << tr("opened %1").arg(QFileInfo(source).fileName());
    if (!weights.isEmpty()) said << tr("loading weights %1").arg(QFileInfo(weights).fileName());
    if (ignored > 0) said << tr("%n more file(s) left alone", nullptr, ignored);
    status_->showMessage(said.join(QStringLiteral("; ")), 8000);
  }
}

void MainWindow::askMaxPixels() {
  bool ok = false;
  const double megapixels = QInputDialog::getDouble(
      this, tr("Largest picture"),
      tr("Images and videos whose frames have more pixels than this are refused before they "
         "are decoded (a JPEG is decoded at a half, a quarter or an eighth of its size when that "
         "fits). Megapixels:"),
      double(maxPixels_) / 1e6, double(kMinMaxPixels) / 1e6, double(kMaxMaxPixels) / 1e6, 1, &ok);
  if (!ok) return;
  maxPixels_ = static_cast<qint64>(megapixels * 1e6);
  capture_->setMaxPixels(maxPixels_);  // from the next source opened
  status_->showMessage(tr("Largest picture: %1 megapixels, from the next source opened")
                           .arg(megapixels), 5000);
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
  for (QSplitter* splitter : findChildren<QSplitter*>())
    if (!splitter->objectName().isEmpty())
      s.splitters[splitter->objectName()] = splitter->saveState();
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
