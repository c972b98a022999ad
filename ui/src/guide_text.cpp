// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/guide_text.h"

#include <QCoreApplication>

namespace mnl::ui {

QString guideHtml() {
  return QCoreApplication::translate(
      "mnl::ui::Guide",
      "<p><b>Width \u03b1</b> keeps \u03b1 of every layer's channels: mult-adds and "
      "parameters fall roughly with \u03b1\u00b2. <b>Input size</b> scales every feature map: "
      "mult-adds fall with \u03c1\u00b2, parameters do not change.</p>"
      "<p>The trade-off chart puts the paper's 16 trained networks and your setting on the "
      "same axes. Only \u03b1 = 0.25, 0.5, 0.75, 1.0 (separable) have trained weights; other "
      "settings run with random weights: their costs and timings are real, their labels "
      "are not.</p>"
      "<p>Click a bar to look inside that layer. Space pauses (the sliders still re-run the "
      "frozen frame), . steps one frame, [ and ] change layer, F12 saves a snapshot. Drop a "
      "video, image or folder on the window to classify it.</p>"
      "<p>In the feature grid the arrow keys move the dashed mark, Enter enlarges that "
      "channel, Page Up and Page Down change the page. Right-click a chart to save it as PNG, "
      "SVG or PDF.</p>");
}

QString aboutHtml(const AboutVersions& v) {
  return QCoreApplication::translate(
             "mnl::ui::Guide",
             "<p><b>MobileNet Lab</b> %1</p><p>MobileNet v1 (Howard et al., arXiv 1704.04861) "
             "in LibTorch, with a Qt window to touch it.</p>"
             "<p><b>Licences.</b> The program: GPL-3.0-or-later. The bundled weights and labels: "
             "Apache-2.0, redistributed unchanged, from Google's google-coral/test_data "
             "(TensorFlow Lite exports of the TF-slim MobileNet v1 checkpoints) and "
             "STMicroelectronics' stm32ai-modelzoo (Keras \u03b1 0.25/224); NOTICE and "
             "LICENSE-Apache-2.0.txt beside them say which file comes from where.</p>"
             "<p><b>Running on</b> Qt %2 \u00b7 OpenCV %3 \u00b7 LibTorch %4<br>"
             "device: %5</p>")
      .arg(v.app.toHtmlEscaped(), v.qt.toHtmlEscaped(), v.openCv.toHtmlEscaped(),
           v.libTorch.toHtmlEscaped(), v.device.toHtmlEscaped());
}

}  // namespace mnl::ui
