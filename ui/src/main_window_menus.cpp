// SPDX-License-Identifier: GPL-3.0-or-later
// The window's menus and what they export.
#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTabWidget>

#include "mnl/media/camera_list.h"
#include "mnl/ui/app_settings.h"
#include "mnl/ui/capture_thread.h"
#include "mnl/ui/cost_csv.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/feature_grid.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/frame_view.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/layer_cost_chart.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/saliency_overlay.h"
#include "mnl/ui/save_whole.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/user_model.h"

namespace mnl::ui {

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
  source->addAction(tr("&Demo clip"), this,
                    [this] { openSource(QString::fromStdString(demoClip().string())); });
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
  QAction* teach = teachDock_->toggleViewAction();
  teach->setText(tr("&Teach your own classes"));
  teach->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  view->addAction(teach);
  // Each panel can be closed (its title bar's ×) and brought back here.
  QMenu* panels = view->addMenu(tr("&Panels"));
  for (QDockWidget* room : rooms()) panels->addAction(room->toggleViewAction());
  panels->addSeparator();
  panels->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);

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

}  // namespace mnl::ui
