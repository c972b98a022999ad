// SPDX-License-Identifier: GPL-3.0-or-later
// The window's Teach room: where the person's own classes are taught (teach_panel.h), and how
// the taught model reaches the live view — as the user's model, so that the predictions, CAM
// and Grad-CAM follow the taught classes with nothing else to change.
#include <QDir>
#include <QDockWidget>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTimer>

#include "mnl/ui/accessible_text.h"
#include "mnl/ui/machine_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/teach_panel.h"
#include "mnl/ui/user_model.h"

namespace mnl::ui {

void MainWindow::buildTeachRoom() {
  // Each taught model replaces the last, whole (the inference thread may be reading it: the
  // rename leaves it the old file). Tests and --no-saved-settings leave nothing behind.
  QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  if (!options_.useSavedSettings) {
    taughtTemporary_ = std::make_unique<QTemporaryDir>();
    dir = taughtTemporary_->path();
  }
  QDir().mkpath(dir);
  taughtModelFile_ = dir + QStringLiteral("/taught.mnl");
  teach_ = new TeachPanel(taughtModelFile_);
  teachDock_ = addRoom(tr("Teach your own classes"), QStringLiteral("teachDock"), teach_);
  addDockWidget(Qt::RightDockWidgetArea, teachDock_);
  tabifyDockWidget(featuresDock_, teachDock_);
  // The tab bar Qt made for the two rooms, named for screen readers.
  for (QTabBar* tabs : findChildren<QTabBar*>(Qt::FindDirectChildrenOnly))
    describeTabBar(tabs, tr("rooms beside the picture"),
             tr("Switches between the feature maps and teaching your own classes"));
  teachDock_->hide();
  connect(teachDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) updateTeachBackbone();
  });
  connect(teach_, &TeachPanel::taughtModelReady, this,
          [this](const QString& file) { userModel_->loadWeights(file); });
  connect(teach_, &TeachPanel::failed, this, [this](const QString& message) {
    status_->setWarning(StatusBar::Topic::File, message);
  });
  connect(teach_, &TeachPanel::saved, this, &MainWindow::reportSaved);
  // "Which network?": the person's accuracy per network goes to "Your machine", which sets it
  // against the latency it measured (or measures it, when opened for the first time).
  connect(teach_, &TeachPanel::networksSearched, this, [this](const NetworkSearchPtr& found) {
    machine_->setYourAccuracy(*found, tr("your %n classes", nullptr,
                                         static_cast<int>(teach_->classes().size())));
    machineDock_->show();
    machineDock_->raise();
  });
  // --teach DIR: once the window's settings are pushed (they give the backbone).
  if (!options_.teachFolder.isEmpty())
    QTimer::singleShot(0, this, [this] {
      teachDock_->show();
      teachDock_->raise();
      updateTeachBackbone();
      if (teach_->importFolder(options_.teachFolder)) teach_->teach();
    });
}

void MainWindow::updateTeachBackbone() {
  if (!teach_) return;
  // While the taught model runs, the next teaching keeps the backbone it was taught on (the
  // user's own, or a bundled one), not the taught file itself nor the bundled model of the
  // width the taught file fixed.
  if (userModel_ && !userModel_->weightsFile().isEmpty() &&
      userModel_->weightsFile() == taughtModelFile_)
    return;
  teach::BackboneRequest backbone;
  backbone.network = controls_->network();
  backbone.resourcesDir = resources_;
  const QString user = userModel_ ? userModel_->weightsFile() : QString();
  if (!user.isEmpty()) backbone.weightsFile = user.toStdString();
  teach_->setBackbone(backbone);
}

}  // namespace mnl::ui
