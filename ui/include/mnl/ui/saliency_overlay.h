// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A saliency map drawn over the live view: translucent colours at the network's crop, and a
// colour bar that says what they mean. Also the map as files (PNG and CSV). The colours are
// core's (mnl::saliencyColour), so the window and `mobilenet-lab-cli explain --out` agree.

#include <QImage>
#include <QRect>
#include <QString>

#include "mnl/saliency.h"

class QPainter;

namespace mnl::ui {

// The map as a translucent picture of `size` (premultiplied ARGB), upsampled as the CLI does.
QImage saliencyOverlay(const SaliencyMap& map, QSize size);

// Paints the map over a frame drawn at `frameTarget` (a frame of frameSize pixels scaled into
// it): the overlay at the crop, and a colour bar with the method, layer and class along the
// right edge of the crop.
void paintSaliency(QPainter& painter, const SaliencyMap& map, const QRect& frameTarget,
                   QSize frameSize);

// The map over the network input (inputSize × inputSize) in opaque colours: what File › Save
// saliency map writes as PNG.
QImage saliencyPicture(const SaliencyMap& map);

// Writes `pngFile` (saliencyPicture) and beside it the same name with .csv: the values over
// the network input, row-major, one row of the input a line, normalised to 0…1.
bool writeSaliencyFiles(const SaliencyMap& map, const QString& pngFile);

}  // namespace mnl::ui
