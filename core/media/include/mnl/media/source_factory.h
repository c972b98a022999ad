// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a spec ("0", a file, a folder) becomes an opened frame source: the signature of
// mnl::openSource. A source worker takes one, and so do the window and its capture, so that
// tests can hand in fake sources (a busy camera, one unplugged mid-stream, a slow open).
// Declared apart, with the source types only named, so that a header that passes one on
// (the window's launch options) needs neither OpenCV nor a thread.

#include <functional>
#include <memory>
#include <string>

namespace mnl {

class FrameSource;
struct SourceOptions;

// Never returns null; check lastResult() for whether the open worked (as mnl::openSource).
using SourceFactory =
    std::function<std::unique_ptr<FrameSource>(const std::string& spec, const SourceOptions&)>;

}  // namespace mnl
