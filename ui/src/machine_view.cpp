// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/machine_view.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "mnl/ui/accessible_text.h"
#include "mnl/ui/chart_export.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/save_whole.h"
#include "mnl/ui/sweep_accuracy_chart.h"
#include "mnl/ui/sweep_cache.h"
#include "mnl/ui/sweep_fit_chart.h"

namespace mnl::ui {

namespace {
QString networkName(const NetworkConfig& n) {
  return QStringLiteral("%1/%2").arg(formatAlpha(n.alpha)).arg(n.resolution);
}
}  // namespace

MachineView::MachineView(Options options, QWidget* parent)
    : QWidget(parent),
      options_(std::move(options)),
      thread_(new SweepThread(this)),
      header_(new QLabel),
      status_(new QLabel),
      accuracy_(new SweepAccuracyChart),
      fit_(new SweepFitChart),
      budgetValue_(new QDoubleSpinBox),
      budgetUnit_(new QComboBox),
      chooseBy_(new QComboBox),
      choice_(new QLabel),
      apply_(new QPushButton(tr("Apply"))),
      progress_(new QProgressBar),
      cancel_(new QPushButton(tr("Cancel"))),
      measure_(new QPushButton(tr("Measure again"))),
      export_(new QToolButton) {
  setObjectName(QStringLiteral("machineView"));
  if (options_.cacheDir.isEmpty()) options_.cacheDir = defaultSweepCacheDir();
  machine_ = describeMachine(options_.request);
  cacheFile_ = sweepCacheFile(options_.cacheDir, machine_);

  header_->setObjectName(QStringLiteral("machineHeader"));
  header_->setWordWrap(true);
  status_->setObjectName(QStringLiteral("machineStatus"));
  status_->setWordWrap(true);
  choice_->setObjectName(QStringLiteral("budgetChoice"));
  // The sentence wraps rather than widening the view past a 1366-pixel screen.
  choice_->setWordWrap(true);
  choice_->setMinimumWidth(160);
  budgetValue_->setObjectName(QStringLiteral("budgetValue"));
  budgetValue_->setRange(0.01, 100000);
  budgetValue_->setDecimals(2);
  budgetValue_->setValue(30);
  budgetUnit_->addItems({tr("FPS"), tr("ms per frame")});
  budgetValue_->setToolTip(tr("The frame rate, or time per frame, the network must keep up with"));
  apply_->setObjectName(QStringLiteral("applyBudget"));
  apply_->setToolTip(tr("Move the \u03b1 and resolution sliders to the chosen network"));
  cancel_->setObjectName(QStringLiteral("cancelSweep"));
  measure_->setObjectName(QStringLiteral("measureSweep"));
  measure_->setToolTip(tr("Time every network of the grid again and replace the cached sweep"));
  progress_->setObjectName(QStringLiteral("sweepProgress"));
  progress_->setTextVisible(true);
  describe(budgetValue_, tr("Latency budget"),
           tr("The frame rate, or time per frame, the network must keep up with"));
  describe(budgetUnit_, tr("Budget unit"), tr("Frames per second or milliseconds per frame"));
  chooseBy_->setObjectName(QStringLiteral("chooseBy"));
  chooseBy_->addItems({tr("ImageNet top-1 (paper)"), tr("your classes (held out)")});
  chooseBy_->setEnabled(false);
  chooseBy_->setToolTip(tr("Teach room: \u201cWhich network?\u201d measures your own accuracy "
                           "on each network"));
  describe(chooseBy_, tr("Choose by"),
           tr("Whether the budget's pick is the most accurate on ImageNet or on your classes"));
  describe(apply_, tr("Apply"), tr("Move the \u03b1 and resolution sliders to the chosen network"));
  describe(cancel_, tr("Cancel"), tr("Stop the sweep; the chart keeps the earlier one"));
  describe(measure_, tr("Measure again"),
           tr("Time every network of the grid again and replace the cached sweep"));
  describe(export_, tr("Export"), tr("Save the sweep as CSV or a chart as PNG, SVG or PDF"));
  describe(progress_, tr("Sweep progress"), tr("Networks timed so far"));
  accuracy_->plot()->setAccessibleName(tr("Top-1 against measured latency"));
  accuracy_->plot()->setAccessibleDescription(
      tr("The paper's top-1 against the latency measured here, one line per width; the network "
         "for the budget is ringed, this setting starred; context menu: save the chart."));
  fit_->plot()->setAccessibleName(tr("Latency against mult-adds"));
  fit_->plot()->setAccessibleDescription(
      tr("Measured latency against mult-adds with a fitted line whose intercept is the fixed "
         "cost per frame; context menu: save the chart."));

  auto* exportMenu = new QMenu(export_);
  exportMenu->addAction(tr("Sweep as &CSV\u2026"), this, [this] {
    exportTo(tr("Export sweep"), tr("CSV (*.csv)"), &MachineView::saveCsv);
  });
  exportMenu->addAction(tr("&Accuracy chart (PNG, SVG, PDF)\u2026"), this, [this] {
    exportTo(tr("Export chart"), tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"),
             &MachineView::saveAccuracyChart);
  });
  exportMenu->addAction(tr("&Latency/mult-adds chart (PNG, SVG, PDF)\u2026"), this, [this] {
    exportTo(tr("Export chart"), tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"),
             &MachineView::saveFitChart);
  });
  export_->setText(tr("Export"));
  export_->setMenu(exportMenu);
  export_->setPopupMode(QToolButton::InstantPopup);

  auto* charts = new QHBoxLayout;
  charts->addWidget(accuracy_, 3);
  charts->addWidget(fit_, 2);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Budget:")));
  controls->addWidget(budgetValue_);
  controls->addWidget(budgetUnit_);
  controls->addWidget(new QLabel(tr("by")));
  controls->addWidget(chooseBy_);
  controls->addWidget(choice_, 1);
  controls->addWidget(apply_);
  controls->addSpacing(12);
  controls->addWidget(progress_);
  controls->addWidget(cancel_);
  controls->addWidget(measure_);
  controls->addWidget(export_);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 2, 4, 2);
  layout->addWidget(header_);
  layout->addLayout(charts, 1);
  layout->addLayout(controls);
  layout->addWidget(status_);

  connect(budgetValue_, &QDoubleSpinBox::valueChanged, this, &MachineView::refreshBudget);
  connect(budgetUnit_, &QComboBox::currentIndexChanged, this, &MachineView::refreshBudget);
  connect(chooseBy_, &QComboBox::currentIndexChanged, this, &MachineView::refreshBudget);
  connect(apply_, &QPushButton::clicked, this, [this] {
    if (const auto network = choice()) Q_EMIT applyRequested(*network);
  });
  connect(measure_, &QPushButton::clicked, this, &MachineView::measure);
  connect(cancel_, &QPushButton::clicked, this, &MachineView::cancel);
  connect(thread_, &SweepThread::progressed, this, [this](int done, int total, const QString& what) {
    if (!measuring_) return;  // a cancelled sweep's last report
    progress_->setRange(0, total);
    progress_->setValue(done);
    progress_->setFormat(QStringLiteral("%p% ") + what);
  });
  connect(thread_, &SweepThread::measured, this, &MachineView::onMeasured);
  connect(thread_, &SweepThread::cancelled, this, [this] {
    if (measuring_) setMeasuring(false, tr("Sweep cancelled; the chart shows the earlier one."));
  });
  connect(thread_, &SweepThread::failed, this,
          [this](const QString& message) { setMeasuring(false, message); });

  showCached();
}

void MachineView::showCached() {
  QString problem;
  if (auto cached = loadCachedSweep(cacheFile_, &problem)) {
    setResult(*cached);
    status_->setText(tr("From the cache (%1). \"Measure again\" replaces it.").arg(cacheFile_));
  } else if (!problem.isEmpty()) {
    setResult(SweepResult{machine_, {}, false});
    status_->setText(tr("The cached sweep %1 was not used (%2); measuring again replaces it.")
                         .arg(cacheFile_, problem));
  } else {
    setResult(SweepResult{machine_, {}, false});
    status_->setText(options_.request.precision == Precision::Float32
                         ? tr("Not measured on this machine yet.")
                         : tr("Not measured in %1 on this machine yet.")
                               .arg(QString::fromLatin1(nameOf(options_.request.precision))));
  }
  setMeasuring(false, status_->text());
}

void MachineView::setPrecision(Precision precision) {
  if (precision == options_.request.precision) return;
  if (measuring_) cancel();
  options_.request.precision = precision;
  machine_ = describeMachine(options_.request);
  cacheFile_ = sweepCacheFile(options_.cacheDir, machine_);
  showCached();
}

MachineView::~MachineView() {
  shutDown();
}

void MachineView::shutDown() {
  thread_->requestStop();
  thread_->wait();
}

QString MachineView::machineText() const {
  return header_->text();
}

QString MachineView::choiceText() const {
  return choice_->text();
}

void MachineView::setResult(const SweepResult& result) {
  if (result.rows.empty())
    result_.reset();
  else
    result_ = result;
  const MachineInfo& m = result.machine;
  QString text = tr("%1 (%2, %3) \u00b7 %4 \u00b7 %5 \u00b7 batch %6 \u00b7 LibTorch %7")
                     .arg(QString::fromStdString(m.name), QString::fromStdString(m.device),
                          QString::fromStdString(m.isa))
                     .arg(m.threads == 1 ? tr("1 thread") : tr("%1 threads").arg(m.threads))
                     .arg(QString::fromStdString(m.precision))
                     .arg(m.batch)
                     .arg(QString::fromStdString(m.libtorch));
  if (result_)
    text += tr(" \u00b7 %1 timed runs per network, interleaved%2")
                .arg(m.iterations)
                .arg(result.complete ? QString() : tr(" (stopped early)"));
  header_->setText(text);
  describeReadout(header_, tr("Sweep"), tr("The machine the sweep was measured on and how"));
  accuracy_->setResult(result);
  fit_->setResult(result);
  export_->setEnabled(result_.has_value());
  refreshBudget();
}

void MachineView::setCurrentNetwork(const NetworkConfig& network) {
  network_ = network;
  accuracy_->setCurrent(network);
  fit_->setCurrent(network);
}

void MachineView::setBudget(double value, bool framesPerSecond) {
  budgetUnit_->setCurrentIndex(framesPerSecond ? 0 : 1);
  budgetValue_->setValue(value);
  refreshBudget();
}

std::optional<LatencyBudget> MachineView::budget() const {
  const double value = budgetValue_->value();
  if (!(value > 0)) return std::nullopt;
  return budgetUnit_->currentIndex() == 0 ? LatencyBudget::fromFps(value, machine_.batch)
                                          : LatencyBudget::fromMs(value);
}

std::vector<SweepRow> MachineView::candidates() const {
  if (!result_) return {};
  return choosingByYours() ? teach::rowsByYourAccuracy(result_->rows, yours_) : result_->rows;
}

bool MachineView::choosingByYours() const {
  return !yours_.empty() && chooseBy_->currentIndex() == 1;
}

void MachineView::setChoosingByYours(bool yours) { chooseBy_->setCurrentIndex(yours ? 1 : 0); }

void MachineView::setYourAccuracy(const std::vector<teach::TaughtAccuracy>& accuracies,
                                  const QString& what) {
  yours_ = accuracies;
  yoursText_ = what;
  chooseBy_->setEnabled(!yours_.empty());
  if (chooseBy_->currentIndex() != 1 && !yours_.empty())
    chooseBy_->setCurrentIndex(1);  // refreshes
  else
    refreshBudget();
}

std::optional<NetworkConfig> MachineView::choice() const {
  const auto b = budget();
  const std::vector<SweepRow> rows = candidates();
  if (rows.empty() || !b) return std::nullopt;
  const auto index = chooseForBudget(rows, *b);
  return index ? std::optional(rows[*index].network) : std::nullopt;
}

void MachineView::refreshBudget() {
  const std::optional<LatencyBudget> b = budget();
  accuracy_->setBudget(b);
  accuracy_->setYourAccuracy(
      result_ && !yours_.empty() ? teach::rowsByYourAccuracy(result_->rows, yours_)
                                 : std::vector<SweepRow>{},
      choosingByYours());
  const std::vector<SweepRow> rows = candidates();
  const auto index = b && !rows.empty() ? chooseForBudget(rows, *b) : std::nullopt;
  apply_->setEnabled(index.has_value());
  if (!result_) {
    choice_->setText(yours_.empty()
                         ? tr("Measure this machine to choose a network.")
                         : tr("Your accuracy is ready; measure this machine to set it against "
                              "the latency."));
  } else if (!index) {
    choice_->setText(tr("Nothing measured fits %1 a frame.").arg(formatMs(b ? b->ms : 0)));
  } else {
    const SweepRow& row = rows[*index];
    choice_->setText(tr("Best within %1 a frame: <b>%2</b>, %3 % top-1 %4, %5 (%6 FPS)")
                         .arg(formatMs(b->ms), networkName(row.network))
                         .arg(*row.top1, 0, 'f', 1)
                         .arg(choosingByYours() ? tr("on %1").arg(yoursText_)
                                                : tr("on ImageNet"))
                         .arg(formatMs(row.medianMs))
                         .arg(row.imagesPerS, 0, 'f', 0));
  }
  describeReadout(choice_, tr("Budget choice"),
                  tr("The most accurate measured network whose median fits the budget"));
}

void MachineView::measure() {
  SweepRequest request = options_.request;
  thread_->measure(request);
  setMeasuring(true, tr("Measuring every network of the grid; live inference is paused meanwhile "
                        "so that the two do not share the cores."));
}

void MachineView::cancel() {
  if (!measuring_) return;
  thread_->cancel();
  setMeasuring(false, tr("Sweep cancelled; the chart shows the earlier one."));
}

void MachineView::onMeasured(const SweepResultPtr& result, const QString& notice) {
  if (!measuring_) return;  // cancelled after it finished
  setResult(*result);
  const bool cached = options_.writeCache && saveCachedSweep(cacheFile_, *result);
  QString status = cached ? tr("Measured %1; cached in %2.")
                                .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                     cacheFile_)
                          : options_.writeCache
                                ? tr("Measured; could not write the cache file %1.").arg(cacheFile_)
                                : tr("Measured; not cached (--no-saved-settings).");
  if (!notice.isEmpty()) status += QLatin1Char(' ') + notice;
  setMeasuring(false, status);
}

void MachineView::setMeasuring(bool measuring, const QString& status) {
  const bool changed = measuring != measuring_;
  measuring_ = measuring;
  progress_->setVisible(measuring);
  cancel_->setVisible(measuring);
  measure_->setEnabled(!measuring);
  measure_->setText(result_ ? tr("Measure again") : tr("Measure"));
  if (measuring) {
    progress_->setRange(0, 0);
    progress_->setFormat(tr("starting"));
  }
  status_->setText(status);
  describeReadout(status_, tr("Sweep status"), tr("Where the sweep comes from, or how it goes"));
  if (changed) Q_EMIT measuringChanged(measuring);
}

void MachineView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (shownOnce_) return;
  shownOnce_ = true;
  if (!result_ && !measuring_ && options_.measureWhenFirstShown) measure();
}

bool MachineView::saveViewPng(const QString& file) {
  return saveImageWhole(grab().toImage(), file);
}

bool MachineView::saveCsv(const QString& file) const {
  return result_ && saveTextWhole(QByteArray::fromStdString(sweepCsv(*result_)), file);
}

bool MachineView::saveAccuracyChart(const QString& file) const {
  return saveChart(accuracy_->plot(), file);
}

bool MachineView::saveFitChart(const QString& file) const {
  return saveChart(fit_->plot(), file);
}

void MachineView::exportTo(const QString& title, const QString& filter,
                           bool (MachineView::*save)(const QString&) const) {
  QString selected;
  const QString name =
      QStringLiteral("mobilenet-lab-sweep-%1")
          .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
  QString file = QFileDialog::getSaveFileName(this, title, name, filter, &selected);
  if (file.isEmpty()) return;
  // No suffix typed: the one of the filter chosen ("PNG (*.png)" → .png).
  if (QFileInfo(file).suffix().isEmpty()) {
    const qsizetype star = selected.indexOf(QLatin1String("*."));
    if (star >= 0) file += selected.mid(star + 1, selected.indexOf(QLatin1Char(')'), star) - star - 1);
  }
  Q_EMIT saved(file, (this->*save)(file));
}

}  // namespace mnl::ui
