// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The user's own model in the window: which weights file, labels file and input normalisation
// the engine should use instead of the bundled models, the File menu entries that choose them,
// and the list of recently opened files (weights and sources, in QSettings). The file is read
// on the inference thread (EngineSettings::weightsFile), never here: this only keeps the
// request, and takes it back when the engine refuses the file.

#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>

#include "mnl/engine_settings.h"

class QMenu;
class QWidget;

namespace mnl::ui {

// Whether the file's content is a weights file the core reads (TFLite, Keras .h5, PyTorch
// checkpoint, safetensors, this app's format), not an image, video or folder.
bool looksLikeWeightsFile(const QString& file);

class UserModel : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMaxRecentFiles = 8;

  explicit UserModel(QObject* parent = nullptr);

  // File › Open weights…, Open labels…, Use bundled models, Input normalisation ›,
  // Open recent ›; dialogs open over `window`.
  void addToMenu(QMenu* file, QWidget* window);

  // The request, as the next settings carry it.
  void apply(EngineSettings& settings) const;
  QString weightsFile() const { return weights_; }
  QString labelsFile() const { return labels_; }
  std::optional<Normalization> normalization() const { return normalization_; }

  void loadWeights(const QString& file);
  void loadLabels(const QString& file);
  void useBundledModels();
  void setNormalization(std::optional<Normalization> normalization);

  // The engine refused the request and runs on with `kept`: the request goes back to that.
  void refused(const EngineSettings& kept);

  // Off: the recent files are neither read nor written (--no-saved-settings, the tests).
  void setRemembersFiles(bool remember) { remember_ = remember; }
  // Most recent first, at most kMaxRecentFiles, kept in QSettings.
  void addRecentFile(const QString& file);
  QStringList recentFiles() const;

 signals:
  // The request changed: the window pushes new settings.
  void changed();
  // A recent file that is no weights file was chosen: the window opens it as a source.
  void openSourceRequested(const QString& file);

 private:
  void fillRecentMenu(QMenu* menu);

  bool remember_ = true;
  QString weights_, labels_;
  int request_ = 0;  // EngineSettings::weightsRequest: each Open weights… reads the file anew
  int loads_ = 0;    // the last request number handed out
  std::optional<Normalization> normalization_;
};

}  // namespace mnl::ui
