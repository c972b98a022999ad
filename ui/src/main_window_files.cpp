// SPDX-License-Identifier: GPL-3.0-or-later
// Files the window is given: chosen in a menu, dropped on it, or named on the command line.
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>

#include "mnl/ui/file_routing.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/source_policy.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/user_model.h"

namespace mnl::ui {

void MainWindow::openSource(const QString& spec) {
  if (QFileInfo(spec).exists()) userModel_->addRecentFile(spec);
  sources_->choose(spec);
}

void MainWindow::openFiles(const QStringList& files) {
  const FileRoute route = routeFiles(files, looksLikeWeightsFile);
  if (!route.weights.isEmpty()) userModel_->loadWeights(route.weights);
  if (!route.source.isEmpty()) openSource(route.source);
  if (files.size() > 1) status_->showMessage(describeRoute(route), 8000);
}

QString MainWindow::routeStartupFiles() {
  // `mobilenet-lab FILE…` (a file manager's "Open with"): the rule of files dropped on the
  // window, with --source, when given, as the source.
  const FileRoute route =
      routeFiles(options_.files, looksLikeWeightsFile, !options_.source.isEmpty());
  if (!route.weights.isEmpty()) userModel_->loadWeights(route.weights);
  if (!route.ignored.isEmpty())
    status_->setWarning(StatusBar::Topic::File, describeRoute({{}, {}, route.ignored}));
  return options_.source.isEmpty() ? route.source : options_.source;
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

}  // namespace mnl::ui
