// SPDX-License-Identifier: GPL-3.0-or-later
// The window's rooms: the live view in the middle and the panels docked around it, the first
// size the screen allows, and putting the panels back where they began.
#include <QDockWidget>
#include <QScreen>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

#include "mnl/ui/capture_thread.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/machine_view.h"
#include "mnl/ui/precision_choice.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/multiplier_controls.h"

namespace mnl::ui {

namespace {
// The design's size (docs/architecture.md), where the screen has room for it.
constexpr QSize kRoomySize(1600, 1000);
}  // namespace

QDockWidget* MainWindow::addRoom(const QString& title, const QString& objectName,
                                 QWidget* room) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(objectName);  // saveState() finds each dock by its name
  dock->setWidget(room);
  dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                    QDockWidget::DockWidgetFloatable);
  return dock;
}

void MainWindow::buildRooms() {
  setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
  // The live view is the one room that is always there: the window's centre.
  auto* central = new QWidget;
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(6, 4, 6, 0);
  layout->addWidget(live_);
  setCentralWidget(central);
  featuresDock_ = addRoom(tr("Feature maps"), QStringLiteral("featuresDock"), features_);
  controlsDock_ =
      addRoom(tr("Width \u03b1 and input size"), QStringLiteral("controlsDock"), controls_);
  chartsDock_ = addRoom(tr("Cost per layer and latency"), QStringLiteral("chartsDock"),
                        cost_->chartsRoom());
  tradeoffDock_ = addRoom(tr("Paper trade-off: accuracy against cost"),
                          QStringLiteral("tradeoffDock"), cost_->tradeoffRoom());
  totalsDock_ = addRoom(tr("Totals"), QStringLiteral("totalsDock"), cost_->totalsRoom());
}

QList<QDockWidget*> MainWindow::rooms() const {
  return {featuresDock_, controlsDock_, chartsDock_, tradeoffDock_, totalsDock_};
}

void MainWindow::resetLayout() {
  for (QDockWidget* room : rooms()) {
    room->setFloating(false);
    room->show();
  }
  // The feature maps beside the picture; the sliders between what they change, the picture
  // above and the cost below; the cost in three rooms side by side.
  addDockWidget(Qt::RightDockWidgetArea, featuresDock_);
  addDockWidget(Qt::BottomDockWidgetArea, controlsDock_);
  splitDockWidget(controlsDock_, chartsDock_, Qt::Vertical);
  splitDockWidget(chartsDock_, tradeoffDock_, Qt::Horizontal);
  splitDockWidget(tradeoffDock_, totalsDock_, Qt::Horizontal);
  const QSize size = this->size();
  resizeDocks({featuresDock_}, {size.width() * 3 / 5}, Qt::Horizontal);
  resizeDocks({chartsDock_}, {size.height() * 7 / 20}, Qt::Vertical);
  resizeDocks({chartsDock_, tradeoffDock_, totalsDock_},
              {size.width() * 5 / 12, size.width() * 4 / 12, size.width() * 3 / 12},
              Qt::Horizontal);
}

void MainWindow::fitToScreen() {
  const QRect available = screen()->availableGeometry();
  if (available.width() >= kRoomySize.width() + 40 &&
      available.height() >= kRoomySize.height() + 60) {
    resize(kRoomySize);
    move(available.center() - rect().center());
  } else {
    // A laptop's 1366×768 or a 1920×1080 screen at 150 %: all of it. Maximised, so that a
    // window manager leaves room for its panels and the window's frame.
    setGeometry(available);
    setWindowState(windowState() | Qt::WindowMaximized);
  }
  resetLayout();  // the panels' first sizes follow the window's
}

void MainWindow::buildMachineView(const EngineOptions& engine) {
  MachineView::Options options;
  // What the window runs: the sweep times the networks as the live view would.
  options.request.device = engine.device;
  options.request.precision = engine.precision;
  // bf16 or int8 chosen over the live view: the sweep shown and timed is that format's.
  if (live_->precision()->precision() != Precision::Float32)
    options.request.precision = live_->precision()->precision();
  options.request.threads = engine.threads;
  // A run that changes nothing of the person's (tests, scripted screenshots) may read what an
  // earlier sweep measured, and leaves no new cache file.
  options.writeCache = options_.useSavedSettings;
  machine_ = new MachineView(options);
  machineDock_ = addRoom(tr("Your machine: measured latency and the paper's accuracy"),
                         QStringLiteral("machineDock"), machine_);
  addDockWidget(Qt::BottomDockWidgetArea, machineDock_);
  // Hidden before it floats: a floating dock is a window of its own and shows at once, and
  // the view starts a sweep the first time it is shown (with nothing cached). Hidden after,
  // a first start on a new machine measured behind a hidden panel, before the window could
  // pause its live view for it (tst_machine_view noForwardPassBesideTheSweep).
  machineDock_->hide();
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
  // The capture thread stops handing out frames, and the inference thread is held, so a
  // control moved meanwhile runs no forward pass until the sweep is over (it is applied then);
  // the UI thread waits on neither.
  connect(machine_, &MachineView::measuringChanged, this, [this](bool measuring) {
    if (!capture_) return;
    measuring_ = measuring;
    if (inference_) inference_->setHeld(measuring);
    capture_->setPaused(measuring || paused_);
    showOverlay();
  });
  connect(machine_, &MachineView::saved, this, &MainWindow::reportSaved);
  connect(live_->precision(), &PrecisionChoice::precisionChanged, machine_,
          [this](Precision precision) {
            // fp32 over the live view is the engine's own format (fp16 when it was asked for).
            const Precision engine = options_.precision == Precision::Float16
                                         ? Precision::Float16
                                         : Precision::Float32;
            machine_->setPrecision(precision == Precision::Float32 ? engine : precision);
          });
}

}  // namespace mnl::ui
