// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/user_model.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include "mnl/weight_set.h"

namespace mnl::ui {
namespace {

constexpr const char* kRecentKey = "recentFiles";

std::filesystem::path toPath(const QString& file) {
  return std::filesystem::path(file.toStdString());
}

}  // namespace

bool looksLikeWeightsFile(const QString& file) {
  if (!QFileInfo(file).isFile()) return false;
  try {
    detectWeightsFormat(toPath(file));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

UserModel::UserModel(QObject* parent) : QObject(parent) {}

void UserModel::addToMenu(QMenu* file, QWidget* window) {
  file->addAction(tr("Open &weights\u2026"), this, [this, window] {
    const QString f = QFileDialog::getOpenFileName(
        window, tr("Open weights"), QString(),
        tr("Weights (*.pth *.pt *.ckpt *.safetensors *.tflite *.h5);;All files (*)"));
    if (!f.isEmpty()) loadWeights(f);
  });
  file->addAction(tr("Open &labels\u2026"), this, [this, window] {
    const QString f = QFileDialog::getOpenFileName(window, tr("Open labels (one a line)"),
                                                   QString(), tr("Text (*.txt);;All files (*)"));
    if (!f.isEmpty()) loadLabels(f);
  });
  file->addAction(tr("Use &bundled models"), this, &UserModel::useBundledModels);

  QMenu* normalisation = file->addMenu(tr("Input &normalisation"));
  auto* group = new QActionGroup(normalisation);
  const std::pair<QString, std::optional<Normalization>> choices[] = {
      {tr("As the weights were trained"), std::nullopt},
      {tr("ImageNet mean/std (torchvision)"), Normalization::ImageNet},
      {tr("[\u22121, 1] (TensorFlow)"), Normalization::MinusOneToOne}};
  for (const auto& choice : choices) {
    const std::optional<Normalization> value = choice.second;
    QAction* action = normalisation->addAction(choice.first);
    action->setCheckable(true);
    action->setChecked(value == normalization_);
    group->addAction(action);
    connect(action, &QAction::triggered, this, [this, value] { setNormalization(value); });
  }
  connect(normalisation, &QMenu::aboutToShow, this, [this, group] {
    // Follows a refusal or a request made elsewhere.
    const QList<QAction*> actions = group->actions();
    actions[0]->setChecked(!normalization_);
    actions[1]->setChecked(normalization_ == Normalization::ImageNet);
    actions[2]->setChecked(normalization_ == Normalization::MinusOneToOne);
  });

  QMenu* recent = file->addMenu(tr("Open &recent"));
  connect(recent, &QMenu::aboutToShow, this, [this, recent] { fillRecentMenu(recent); });
}

void UserModel::fillRecentMenu(QMenu* menu) {
  menu->clear();
  const QStringList files = recentFiles();
  if (files.isEmpty()) menu->addAction(tr("(none yet)"))->setEnabled(false);
  for (const QString& file : files)
    menu->addAction(file, this, [this, file] {
      if (looksLikeWeightsFile(file))
        loadWeights(file);
      else
        emit openSourceRequested(file);
    });
}

void UserModel::apply(EngineSettings& settings) const {
  settings.user.file = toPath(weights_);
  settings.user.request = weights_.isEmpty() ? 0 : request_;
  settings.user.labelsFile = toPath(labels_);
  settings.user.normalization = normalization_;
}

void UserModel::loadWeights(const QString& file) {
  weights_ = file;
  request_ = ++loads_;  // never a number used before, even after a refusal went back
  labels_.clear();  // a labels file belongs to the model it was opened for
  addRecentFile(file);
  emit changed();
}

void UserModel::loadLabels(const QString& file) {
  labels_ = file;
  emit changed();
}

void UserModel::useBundledModels() {
  weights_.clear();
  labels_.clear();
  normalization_.reset();
  emit changed();
}

void UserModel::setNormalization(std::optional<Normalization> normalization) {
  normalization_ = normalization;
  emit changed();
}

void UserModel::refused(const EngineSettings& kept) {
  weights_ = QString::fromStdString(kept.user.file.string());
  request_ = kept.user.request;
  labels_ = QString::fromStdString(kept.user.labelsFile.string());
  normalization_ = kept.user.normalization;
  emit changed();
}

void UserModel::addRecentFile(const QString& file) {
  if (!remember_) return;
  const QString absolute = QFileInfo(file).absoluteFilePath();
  QStringList files = recentFiles();
  files.removeAll(absolute);
  files.prepend(absolute);
  while (files.size() > kMaxRecentFiles) files.removeLast();
  QSettings().setValue(kRecentKey, files);
}

QStringList UserModel::recentFiles() const {
  return remember_ ? QSettings().value(kRecentKey).toStringList() : QStringList();
}

}  // namespace mnl::ui
