// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the capture thread turns a spec ("0", a file, a folder) into an opened frame source: the
// signature of mnl::openSource. The window and the capture thread take one so that tests can
// hand in fake sources (a busy camera, one unplugged mid-stream, a slow open); empty means
// mnl::openSource. Declared apart so launch_options.h needs neither OpenCV nor QThread.

#include <functional>
#include <memory>
#include <string>

namespace mnl {
class FrameSource;
struct SourceOptions;
}  // namespace mnl

namespace mnl::ui {

// Never returns null; check lastResult() for whether the open worked (as mnl::openSource).
using SourceFactory =
    std::function<std::unique_ptr<FrameSource>(const std::string& spec, const SourceOptions&)>;

}  // namespace mnl::ui
