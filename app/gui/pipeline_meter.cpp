// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipeline_meter.h"

#include <QFile>
#include <QRadioButton>
#include <QSlider>
#include <algorithm>
#include <unistd.h>

#include "mnl/heap_policy.h"
#include "mnl/sample_stats.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/status_bar.h"

namespace mnl::gui {

using ui::FeatureMapView;
using ui::MainWindow;
using ui::MultiplierControls;
using ui::ResultPtr;
using ui::StageClock;


double PipelineMeter::residentMiB() {
  QFile statm(QStringLiteral("/proc/self/statm"));
  if (!statm.open(QIODevice::ReadOnly)) return 0;
  const QList<QByteArray> fields = statm.readAll().split(' ');
  if (fields.size() < 2) return 0;
  return fields[1].toDouble() * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

PipelineMeter::PipelineMeter(MainWindow* window, MeterPlan plan, QObject* parent)
    : QObject(parent), window_(window), plan_(std::move(plan)), random_(plan_.seed) {
  second_.setInterval(1000);
  connect(&second_, &QTimer::timeout, this, &PipelineMeter::onSecond);
  soakTimer_.setSingleShot(true);
  connect(&soakTimer_, &QTimer::timeout, this, &PipelineMeter::soakAction);
}

void PipelineMeter::start() {
  clock_.start();
  rss_.emplace_back(0.0, residentMiB());
  connect(window_, &MainWindow::resultShown, this, &PipelineMeter::onResult);
  second_.start();
}

void PipelineMeter::onResult() {
  if (done_) return;
  ++results_;
  sinceResult_.start();
  const ResultPtr result = window_->shownResult();
  if (!result) return;

  switch (phase_) {
    case Phase::WaitingForFirst:
      if (plan_.mode == MeterPlan::Mode::Soak) {
        phase_ = Phase::Soak;
        nextSourceAtMs_ = clock_.elapsed() + plan_.sourceEveryMs;
        nextTourAtMs_ = clock_.elapsed() + plan_.tourEveryMs;
        scheduleSoakAction();
      } else {
        phase_ = Phase::Warmup;
      }
      break;
    case Phase::Warmup:
      if (results_ >= plan_.warmupResults) {
        phase_ = Phase::Steady;
        home_ = window_->controls()->network();
        steadyStart_ = elapsedSeconds();
        drawAtStart_ = window_->drawingTime();
        steadyResults_ = 0;
      }
      break;
    case Phase::Steady:
      ++steadyResults_;
      if (result->settings.network == home_ && !result->rebuilt) {
        preprocessMs_.push_back(result->preprocessMs);
        forwardMs_.push_back(result->forwardMs);
        postprocessMs_.push_back(result->postprocessMs);
        endToEndMs_.push_back(std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - result->captured)
                                  .count());
      }
      if (elapsedSeconds() - steadyStart_ >= plan_.seconds) {
        steadyEnd_ = elapsedSeconds();
        drawAtEnd_ = window_->drawingTime();
        if (plan_.switchTargets.empty()) {
          finish({});
          return;
        }
        phase_ = Phase::Switching;
        beginSwitch();
      }
      break;
    case Phase::Switching:
      if (awaited_ && result->settings.network == *awaited_) {
        (switchesDone_ % 2 == 0 ? newNetworkMs_ : recentNetworkMs_)
            .push_back(switchClock_.nsecsElapsed() / 1e6);
        awaited_.reset();
        if (++switchesDone_ >= 2 * static_cast<int>(plan_.switchTargets.size())) {
          finish({});
          return;
        }
        QTimer::singleShot(plan_.settleAfterSwitchMs, this, [this] {
          if (!done_) beginSwitch();
        });
      }
      break;
    case Phase::Tour:
      if (awaited_ && result->settings.network == *awaited_) {
        awaited_.reset();
        if (++tourStep_ < static_cast<int>(plan_.tour.size())) {
          tourNext();
        } else {
          // A second on the last network (frames go on, buffers settle), then the measurement.
          QTimer::singleShot(1000, this, [this] {
            if (done_) return;
            const double now = elapsedSeconds();  // one time for both: soak.sh pairs them
            tourRss_.emplace_back(now, residentMiB());
            tourHeap_.emplace_back(now, double(heapInUseBytes()) / (1 << 20));
            phase_ = Phase::Soak;
            nextTourAtMs_ = clock_.elapsed() + plan_.tourEveryMs;
            scheduleSoakAction();
          });
        }
      }
      [[fallthrough]];
    case Phase::Soak:
      if (results_ >= plan_.frames ||
          (plan_.soakSeconds > 0 && elapsedSeconds() >= plan_.soakSeconds))
        finish({});
      break;
    case Phase::Done:
      break;
  }
}

void PipelineMeter::beginSwitch() {
  // Out to the next target and back home, alternately; the time runs from the move of the
  // controls (as if a person let go of the slider) to the first result of that network on
  // screen.
  NetworkConfig target = switchesDone_ % 2 == 0
                             ? plan_.switchTargets[static_cast<std::size_t>(switchesDone_ / 2)]
                             : home_;
  target.classes = home_.classes;
  switchClock_.start();
  window_->controls()->setNetwork(target);
  awaited_ = window_->controls()->network();
  // As when a person lets go of the slider (keyboard and wheel steps wait for the settle time).
  window_->settleNow();
}

void PipelineMeter::scheduleSoakAction() {
  // One to six frames' worth of time at 50-60 FPS.
  std::uniform_int_distribution<int> ms(15, 110);
  soakTimer_.start(ms(random_));
}

void PipelineMeter::tourNext() {
  NetworkConfig target = plan_.tour[static_cast<std::size_t>(tourStep_)];
  target.classes = window_->controls()->network().classes;
  switchClock_.start();
  window_->controls()->setNetwork(target);
  awaited_ = window_->controls()->network();
  window_->settleNow();
}

void PipelineMeter::soakAction() {
  if (done_) return;
  if (plan_.tourEveryMs > 0 && clock_.elapsed() >= nextTourAtMs_) {
    phase_ = Phase::Tour;
    tourStep_ = 0;
    if (!plan_.sources.isEmpty()) window_->openSource(plan_.sources.front());
    window_->featureMaps()->selectLayer("conv0");
    window_->featureMaps()->setPage(0);
    tourNext();
    return;  // the random walk goes on once the tour has measured
  }
  MultiplierControls* controls = window_->controls();
  FeatureMapView* features = window_->featureMaps();
  NetworkConfig network = controls->network();
  std::uniform_int_distribution<int> percent(0, 99);
  const int roll = percent(random_);
  if (roll < 30) {
    std::uniform_int_distribution<int> alpha(controls->alphaSlider()->minimum(),
                                             controls->alphaSlider()->maximum());
    controls->alphaSlider()->setValue(alpha(random_));
  } else if (roll < 55) {
    std::uniform_int_distribution<int> step(
        0, (MultiplierControls::kMaxResolution - MultiplierControls::kMinResolution) /
               MultiplierControls::kResolutionStep);
    network.resolution =
        MultiplierControls::kMinResolution + step(random_) * MultiplierControls::kResolutionStep;
    controls->setNetwork(network);
  } else if (roll < 85) {
    const std::vector<std::string> names = layerNames(network);
    std::uniform_int_distribution<std::size_t> pick(0, names.size() - 1);
    features->selectLayer(names[pick(random_)]);
  } else if (roll < 97) {
    std::uniform_int_distribution<int> page(0, features->pageCount() - 1);
    features->setPage(page(random_));
  } else {
    // Now and then the standard-convolution network (untrained; up to 9× the work).
    (network.conv == ConvMode::Separable ? controls->standardButton()
                                         : controls->separableButton())
        ->click();
  }
  ++controlChanges_;
  if (!plan_.sources.isEmpty() && clock_.elapsed() >= nextSourceAtMs_) {
    window_->openSource(plan_.sources[sourceIndex_++ % plan_.sources.size()]);
    ++sourceSwitches_;
    std::uniform_real_distribution<double> spread(0.5, 1.5);
    nextSourceAtMs_ = clock_.elapsed() + static_cast<qint64>(plan_.sourceEveryMs * spread(random_));
  }
  scheduleSoakAction();
}

void PipelineMeter::onSecond() {
  if (done_) return;
  rss_.emplace_back(elapsedSeconds(), residentMiB());
  const bool due = phase_ != Phase::WaitingForFirst || clock_.elapsed() > plan_.stallMs;
  const qint64 quiet = sinceResult_.isValid() ? sinceResult_.elapsed() : clock_.elapsed();
  if (due && quiet > plan_.stallMs)
    finish(QStringLiteral("stalled: no result shown for %1 s").arg(quiet / 1000.0, 0, 'f', 1));
  else if (awaited_ && switchClock_.elapsed() > plan_.stallMs)
    finish(QStringLiteral("stalled: the network moved to %1 s ago is not live")
               .arg(switchClock_.elapsed() / 1000.0, 0, 'f', 1));
}

void PipelineMeter::finish(const QString& failure) {
  if (done_) return;
  done_ = true;
  phase_ = Phase::Done;
  failure_ = failure;
  second_.stop();
  soakTimer_.stop();
  disconnect(window_, &MainWindow::resultShown, this, &PipelineMeter::onResult);
  rss_.emplace_back(elapsedSeconds(), residentMiB());

  MeterReport report;
  report.soakMode = plan_.mode == MeterPlan::Mode::Soak;
  report.failure = failure;
  report.device = window_->statusLine()->deviceText();
  report.seconds = elapsedSeconds();
  report.resultsShown = results_;
  report.rebuilds = window_->inference()->rebuilds();
  report.framesRun = window_->inference()->framesRun();
  report.framesDropped = window_->inference()->framesDropped();

  if (plan_.mode == MeterPlan::Mode::Measure && steadyEnd_ > steadyStart_) {
    const double frames = static_cast<double>(std::max<long long>(1, steadyResults_));
    // Time per shown frame that a drawing stage took during the steady phase.
    const auto stageMs = [&](StageClock MainWindow::DrawingTime::*stage) {
      return (((*drawAtEnd_).*stage).totalMs() - ((*drawAtStart_).*stage).totalMs()) / frames;
    };
    MeterReport::Steady steady;
    steady.network = home_;
    steady.layer = QString::fromStdString(window_->featureMaps()->layer());
    steady.seconds = steadyEnd_ - steadyStart_;
    steady.resultsShown = steadyResults_;
    steady.preprocessMs = preprocessMs_;
    steady.forwardMs = forwardMs_;
    steady.postprocessMs = postprocessMs_;
    steady.captureToScreenMs = endToEndMs_;
    steady.frameUpdateMs = stageMs(&MainWindow::DrawingTime::frameUpdate);
    steady.framePaintMs = stageMs(&MainWindow::DrawingTime::framePaint);
    steady.featureUpdateMs = stageMs(&MainWindow::DrawingTime::featureUpdate);
    steady.featurePaintMs = stageMs(&MainWindow::DrawingTime::featurePaint);
    report.steady = steady;
    report.switches = MeterReport::Switches{plan_.switchTargets, newNetworkMs_, recentNetworkMs_};
  }
  if (plan_.mode == MeterPlan::Mode::Soak)
    report.soak = MeterReport::Soak{controlChanges_, sourceSwitches_, plan_.seed};
  report.rss = rss_;
  report.rssAfterTour = tourRss_;
  report.heapAfterTour = tourHeap_;
  report_ = report;
  emit finished(failure.isEmpty());
}

}  // namespace mnl::gui
