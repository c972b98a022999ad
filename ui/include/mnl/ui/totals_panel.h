// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The large numbers: the network's mult-adds, parameters and activation memory from the
// analytic cost model (updated on every slider step), each with its change against the
// separable 1.0/224 MobileNet, and the measured latency and frame rate.

#include <array>

#include <QWidget>

class QGridLayout;

#include "mnl/cost_model.h"

namespace mnl::ui {

class Readout;

class TotalsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TotalsPanel(QWidget* parent = nullptr);

  void setNetwork(const NetworkConfig& config);
  // Network-only time and end-to-end (capture → on screen) latency, and frames per second.
  void setLive(double forwardMs, double endToEndMs, double fps);

  // What the readouts show now, as numbers (the text is formatted from these).
  const NetworkCost& cost() const { return cost_; }
  Readout* multAdds() const { return multAdds_; }
  Readout* parameters() const { return parameters_; }
  Readout* activations() const { return activations_; }
  Readout* latency() const { return latency_; }
  Readout* fps() const { return fps_; }

  // Readouts side by side (2) or one above the other (1): two while `width` (the room the
  // panel is shown in) holds two of them at their size, so a big number is never cut; the
  // room scrolls instead.
  void fitWidth(int width);
  int columns() const { return columns_; }

 private:
  void arrange(int columns);
  // The five readouts in reading order, as one column shows them.
  std::array<Readout*, 5> readouts() const {
    return {multAdds_, parameters_, activations_, latency_, fps_};
  }

  QGridLayout* grid_;
  int columns_ = 0;
  NetworkCost cost_;
  NetworkCost baseline_;
  Readout* multAdds_;
  Readout* parameters_;
  Readout* activations_;
  Readout* latency_;
  Readout* fps_;
};

}  // namespace mnl::ui
