// SPDX-License-Identifier: GPL-3.0-or-later
#include "guarded_application.h"

#include <QMessageBox>
#include <QWidget>
#include <cstdio>
#include <exception>

namespace mnl::gui {

GuardedApplication::GuardedApplication(int& argc, char** argv) : QApplication(argc, argv) {}

bool GuardedApplication::notify(QObject* receiver, QEvent* event) {
  try {
    return QApplication::notify(receiver, event);
  } catch (const std::exception& e) {
    const QString what = QString::fromUtf8(e.what());
    report(what.left(what.indexOf(QLatin1Char('\n'))));  // LibTorch's backtrace says nothing
  } catch (...) {
    report(tr("an error of an unknown kind"));
  }
  return false;
}

void GuardedApplication::report(const QString& what) {
  ++caught_;
  lastError_ = what;
  std::fprintf(stderr, "mobilenet-lab: unexpected error, the window goes on: %s\n",
               qPrintable(what));
  // Not modal: the live view, the sliders and the threads go on while it is shown, and a
  // second error does not stack a second event loop on the first.
  auto* box = new QMessageBox(QMessageBox::Warning, tr("MobileNet Lab"),
                              tr("Something went wrong: %1\n\nThe window goes on with the model "
                                 "and source it had.").arg(what),
                              QMessageBox::Ok, activeWindow());
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName(QStringLiteral("unexpectedErrorBox"));
  box->open();
}

}  // namespace mnl::gui
