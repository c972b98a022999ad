// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSlider>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

#include "mnl/media/camera_list.h"
#include "mnl/media/source_spec.h"
#include "mnl/model_catalog.h"
#include "mnl/ui/app_settings.h"
#include "mnl/ui/capture_thread.h"
#include "mnl/ui/cost_csv.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/frame_view.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/layer_cost_chart.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/status_bar.h"

namespace mnl::ui {

namespace {
QString path(const std::filesystem::path& p) {
  return QString::fromStdString(p.string());
}

std::optional<int> cameraIndexOf(const QString& spec) {
  return cameraIndex(spec.toStdString());
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
    connect(slider, &QSlider::sliderReleased, this, [this] {
      if (inference_) inference_->settleNow();
    });
  connect(features_, &FeatureMapView::requestChanged, this, [this] { pushSettings(); });
  connect(features_, &FeatureMapView::layerSelected, this, [this](const QString& layer) {
    cost_->setSelectedLayer(layer.toStdString());
    // "showing pw1" no longer says what is shown, whoever changed it.
    status_->clearWarning(StatusBar::Topic::Layer);
  });
  connect(cost_, &CostPanel::layerClicked, this,
          [this](const QString& layer) { features_->selectLayer(layer.toStdString()); });

  // Threads exist before the first settings are pushed; they start after.
  InferenceThread::Options inferenceOptions;
  inferenceOptions.engine.resourcesDir = resources_;
  inferenceOptions.engine.device =
      options_.device.value_or(cudaAvailable() ? DeviceKind::Cuda : DeviceKind::Cpu);
  inferenceOptions.engine.precision = options_.precision;
  // The capture thread (decoding) and this one (drawing) need a core too: a network on every
  // core spins OpenMP threads against them and shows fewer frames (docs/benchmarks.md).
  inferenceOptions.engine.threads =
      options_.threads > 0 ? options_.threads : std::max(1, QThread::idealThreadCount() - 1);
  inferenceOptions.settleMs = options_.settleMs;
  inference_ = std::make_unique<InferenceThread>(inferenceOptions);
  InferenceThread* inference = inference_.get();
  capture_ = std::make_unique<CaptureThread>(
      [inference](const Frame& frame) { inference->submitFrame(frame); }, options_.sourceFactory);

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
            maybeTakeScreenshot();
          });
  connect(capture_.get(), &CaptureThread::sourceOpened, this, &MainWindow::onSourceOpened);
  connect(capture_.get(), &CaptureThread::sourceFailed, this, &MainWindow::onSourceFailed);
  connect(capture_.get(), &CaptureThread::sourceEnded, this, [this](const QString& name) {
    still_ = true;
    maybeTakeScreenshot();
    live_->setSource(
        tr("%1 \u2014 still frame: move a slider and it is classified again").arg(name));
  });
  connect(capture_.get(), &CaptureThread::sourceLost, this, &MainWindow::onSourceLost);
  connect(capture_.get(), &CaptureThread::sourceSkipped, this, [this](const QString& message) {
    status_->setWarning(StatusBar::Topic::Source, message);
  });

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
  if (options_.useSavedSettings) {
    if (!saved.geometry.isEmpty()) restoreGeometry(saved.geometry);
    for (QSplitter* splitter : findChildren<QSplitter*>())
      if (saved.splitters.contains(splitter->objectName()))
        splitter->restoreState(saved.splitters.value(splitter->objectName()));
  }
  pushSettings();
  startThreads();

  if (!options_.screenshot.isEmpty()) {
    // Never hang a script: take whatever is on screen after a minute.
    screenshotDeadline_.setSingleShot(true);
    connect(&screenshotDeadline_, &QTimer::timeout, this, [this] {
      if (resultsShown_ < 1)
        status_->setWarning(StatusBar::Topic::File,
                            tr("Screenshot taken before any frame was classified"));
      resultsShown_ = std::max(resultsShown_, options_.screenshotFrames);
      timedNetwork_ = controls_->network();
      maybeTakeScreenshot();
    });
    screenshotDeadline_.start(90'000);
  }
}

MainWindow::~MainWindow() {
  shutDown();
}

std::filesystem::path MainWindow::demoClip() const {
  return resources_ / "demo" / "demo.avi";
}

void MainWindow::startThreads() {
  inference_->start();
  openSource(initialSource());
}

QString MainWindow::initialSource() const {
  if (!options_.source.isEmpty()) return options_.source;
  const std::vector<CameraInfo> cameras = listCameras();
  if (options_.useSavedSettings) {
    const QString last = AppSettings::load().source;
    if (!last.isEmpty()) {
      if (const std::optional<int> index = cameraIndexOf(last)) {
        for (const CameraInfo& camera : cameras)
          if (camera.index == *index) return last;
      } else if (QFileInfo::exists(last)) {
        return last;
      }
    }
  }
  if (!cameras.empty()) return QString::number(cameras.front().index);
  return path(demoClip());
}

void MainWindow::openSource(const QString& spec) {
  failedSource_.clear();  // a source chosen now: no fall-back is pending any more
  startOpening(spec);
}

void MainWindow::startOpening(const QString& spec) {
  requestedSource_ = spec;
  live_->setSource(tr("opening %1\u2026").arg(spec));
  capture_->openSource(spec);
}

void MainWindow::onSourceOpened(const QString& spec, const QString& name, const QString& kind,
                                double fps) {
  source_ = spec;
  still_ = false;
  fps_ = 0;
  sinceLastResult_.invalidate();
  const bool demo = QFileInfo(spec) == QFileInfo(path(demoClip()));
  QString text = demo ? tr("demo clip %1 (bundled)").arg(name) : tr("%1: %2").arg(kind, name);
  if (fps > 0) text += tr(" \u00b7 %1 frames/s").arg(fps, 0, 'f', fps >= 10 ? 0 : 1);
  const QString hint =
      tr("Open a video, image or folder from the File menu, or drop a file "
         "here.");
  if (demo && !failedSource_.isEmpty())
    text = tr("Could not open %1 \u2014 playing the bundled demo clip (%2) instead. %3")
               .arg(failedSource_, name, hint);
  else if (demo && listCameras().empty())
    text = tr("No camera found \u2014 playing the bundled demo clip (%1). %2").arg(name, hint);
  // A source the user chose opened: what went wrong with the last one no longer stands. (A
  // fall back to the demo clip keeps the warning that says why.)
  if (failedSource_.isEmpty()) status_->clearWarning(StatusBar::Topic::Source);
  failedSource_.clear();
  live_->setSource(text);
  live_->setOverlay(paused_ ? tr("paused") : QString());
  emit sourceChanged(text);
}

void MainWindow::onSourceFailed(const QString& spec, const QString& message) {
  status_->setWarning(StatusBar::Topic::Source,
                      message.isEmpty() ? tr("Could not open %1").arg(spec) : message);
  // Something must play: fall back to the demo clip once.
  const QString demo = path(demoClip());
  if (!fellBackToDemo_ && QFileInfo(requestedSource_) != QFileInfo(demo) &&
      QFileInfo::exists(demo)) {
    fellBackToDemo_ = true;
    failedSource_ = cameraIndexOf(spec) ? tr("camera %1").arg(spec) : spec;
    startOpening(demo);
  } else {
    failedSource_.clear();
    live_->setSource(tr("No source: %1").arg(message));
  }
}

void MainWindow::onSourceLost(const QString& spec, const QString& name, const QString& message) {
  // No fallback to the demo clip here: the last frame stays (the sliders still re-run it) and
  // the line over it says what happened and how to get the source back.
  still_ = true;
  status_->setWarning(StatusBar::Topic::Source,
                      message.isEmpty() ? tr("%1 stopped").arg(name) : message);
  const QString again = isCameraSpec(spec.toStdString())
                            ? tr("Plug it back in and choose it from Source \u203a Camera, or open "
                                 "another source.")
                            : tr("Open it again or another source from the File menu.");
  live_->setSource(tr("%1 stopped: %2 \u2014 showing the last frame. %3")
                       .arg(name, message.isEmpty() ? tr("no more frames") : message, again));
  live_->setOverlay(tr("%1 lost \u2014 last frame").arg(name));
}

void MainWindow::onNetworkChanged(const NetworkConfig& config) {
  // Analytic: every cost readout follows the slider in this same event.
  cost_->setNetwork(config);
  features_->setNetwork(config);
  cost_->setSelectedLayer(features_->layer());
  pushSettings();
}

void MainWindow::pushSettings() {
  if (!inference_) return;
  EngineSettings settings;
  settings.network = controls_->network();
  settings.featureMaps = features_->request();
  settings.wantFeatureMaps = true;
  settings.topK = 5;
  inference_->setSettings(settings);
}

void MainWindow::onResult(const ResultPtr& result, const Frame& frame) {
  // Newer results already queued behind this one: skip drawing it (newest wins here too).
  if (inference_->resultTaken() > 0 || shutDown_) return;
  const double endToEndMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - result->captured)
          .count();
  if (sinceLastResult_.isValid()) {
    const double seconds = std::max(1e-3, sinceLastResult_.nsecsElapsed() / 1e9);
    // Smoothed over ~10 frames so the number can be read.
    fps_ = fps_ <= 0 ? 1.0 / seconds : 0.9 * fps_ + 0.1 / seconds;
  }
  sinceLastResult_.start();
  status_->clearWarning(StatusBar::Topic::Engine);  // inference works again
  shown_ = result;
  // A still frame re-run on a slider move has no frame rate.
  const double fps = still_ ? 0.0 : fps_;
  {
    const auto timing = frameUpdate_.measure();
    live_->setResult(result, frame, endToEndMs, fps, inference_->framesDropped());
  }
  {
    const auto timing = featureUpdate_.measure();
    features_->setResult(result);
  }
  status_->setSpeed(result->forwardMs, fps);
  cost_->addLiveSample(result->forwardMs, endToEndMs, fps);
  if (!haveModel_ || result->rebuilt || !(result->model.network == shownModel_.network) ||
      result->model.weights != shownModel_.weights) {
    shownModel_ = result->model;
    haveModel_ = true;
    status_->setModel(result->model);
  }
  ++resultsShown_;
  emit resultShown(resultsShown_);
  maybeTakeScreenshot();
}

MainWindow::DrawingTime MainWindow::drawingTime() const {
  return {frameUpdate_, live_->frameView()->paintClock(), featureUpdate_,
          features_->grid()->paintClock()};
}

void MainWindow::maybeTakeScreenshot() {
  if (options_.screenshot.isEmpty() || screenshotTaken_) return;
  // The first classified frames, with a timed pass of the network on screen.
  // A still image gives one result (and one timed pass), a video as many as asked for.
  if (resultsShown_ < (still_ ? 1 : options_.screenshotFrames)) return;
  if (!(timedNetwork_ == controls_->network()) && screenshotDeadline_.isActive()) return;
  screenshotTaken_ = true;
  // Let the charts' queued replots and the last paint happen first.
  QTimer::singleShot(300, this, [this] {
    const bool saved = saveWindowPng(options_.screenshot);
    if (!saved) std::fprintf(stderr, "could not write %s\n", qPrintable(options_.screenshot));
    close();
    QCoreApplication::exit(saved ? 0 : 1);
  });
}

void MainWindow::setPaused(bool paused) {
  paused_ = paused;
  capture_->setPaused(paused);
  if (pauseAction_) pauseAction_->setChecked(paused);
  live_->setOverlay(paused ? tr("paused \u2014 sliders re-run this frame") : QString());
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
  return grab().save(file, "PNG");
}

bool MainWindow::saveFeatureGridPng(const QString& file) {
  const QImage image = features_->grid()->render();
  return !image.isNull() && image.save(file, "PNG");
}

bool MainWindow::saveCostCsv(const QString& file) {
  QFile out(file);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  const NetworkConfig network = controls_->network();
  const LayerTimings none;
  const QByteArray csv =
      costCsv(computeCost(network), timedNetwork_ == network ? timings_ : none).toUtf8();
  return out.write(csv) == csv.size();
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

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Guide"), this, [this] {
    QMessageBox::information(
        this, tr("MobileNet Lab guide"),
        tr("<p><b>Width \u03b1</b> keeps \u03b1 of every layer's channels: mult-adds and "
           "parameters fall roughly with \u03b1\u00b2. <b>Input size</b> scales every feature map: "
           "mult-adds fall with \u03c1\u00b2, parameters do not change.</p>"
           "<p>The trade-off chart puts the paper's 16 trained networks and your setting on the "
           "same axes. Only \u03b1 = 0.25, 0.5, 0.75, 1.0 (separable) have trained weights; other "
           "settings run with random weights: their costs and timings are real, their labels "
           "are not.</p>"
           "<p>Click a bar to look inside that layer. Space pauses (the sliders still re-run the "
           "frozen frame), . steps one frame, [ and ] change layer, F12 saves a snapshot. Drop a "
           "video, image or folder on the window to classify it.</p>"));
  });
  help->addAction(tr("&About"), this, [this] {
    QMessageBox::about(this, tr("About MobileNet Lab"),
                       tr("<p><b>MobileNet Lab</b> %1</p><p>MobileNet v1 (Howard et al., "
                          "arXiv 1704.04861) in LibTorch, with a Qt window to touch it.</p>"
                          "<p>GPL-3.0-or-later</p>")
                           .arg(QCoreApplication::applicationVersion()));
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
  if (urls.isEmpty() || !urls.front().isLocalFile()) return;
  openSource(urls.front().toLocalFile());
  event->acceptProposedAction();
}

void MainWindow::saveSettings() {
  if (!options_.useSavedSettings) return;
  AppSettings s;
  s.source = source_;
  s.network = controls_->network();
  s.layer = QString::fromStdString(features_->layer());
  s.snap = controls_->snap();
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
  if (inference_) inference_->wait();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  hide();  // the window goes at once; joining the threads takes at most one frame
  shutDown();
  event->accept();
}

}  // namespace mnl::ui
