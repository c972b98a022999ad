// SPDX-License-Identifier: GPL-3.0-or-later
// mobilenet-lab: the desktop application. Parses the command line and shows the window; all
// the work is in ui/ (mnl_ui).
#include <QApplication>
#include <cstdio>

#include "mnl/ui/launch_options.h"
#include "mnl/ui/main_window.h"

int main(int argc, char* argv[]) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("MobileNetLab"));
  QApplication::setApplicationName(QStringLiteral("mobilenet-lab"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

  QString error;
  int exitCode = 0;
  std::optional<mnl::ui::LaunchOptions> options =
      mnl::ui::parseCommandLine(QApplication::arguments(), &error, &exitCode);
  if (!options) {
    if (!error.isEmpty()) std::fprintf(stderr, "mobilenet-lab: %s\n", qPrintable(error));
    return exitCode;
  }
  // A scripted screenshot should not change what the next interactive run starts with.
  if (!options->screenshot.isEmpty()) options->useSavedSettings = false;

  mnl::ui::MainWindow window(std::move(*options));
  window.show();
  return QApplication::exec();
}
