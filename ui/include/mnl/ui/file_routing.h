// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Files given to the window at once (dropped on it, or FILE… on the command line): one source
// plays and one user model runs at a time, so the first of each kind is used and the rest are
// named, never silently dropped. Pure: which file is weights is the caller's predicate
// (looksLikeWeightsFile reads the file), so the rule is tested as a table.

#include <QString>
#include <QStringList>

#include <functional>

namespace mnl::ui {

struct FileRoute {
  QString source;       // opens as the picture's source; empty: none among the files
  QString weights;      // loads as the user's model; empty: none among the files
  QStringList ignored;  // the others, in the order given
};

// `sourceTaken`: a source is already chosen (--source with FILE…), so every non-weights file
// is ignored.
FileRoute routeFiles(const QStringList& files,
                     const std::function<bool(const QString& file)>& isWeights,
                     bool sourceTaken = false);

// What became of each, for the status line: "opened bird.bmp; loading weights m.pth; not
// opened: a.jpg, b.jpg" (file names, not paths). Empty when there is nothing to say.
QString describeRoute(const FileRoute& route);

}  // namespace mnl::ui
