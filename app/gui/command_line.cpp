// SPDX-License-Identifier: GPL-3.0-or-later
#include "command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "mnl/ui/window_network_range.h"

namespace mnl::gui {

std::optional<LaunchPlan> parseCommandLine(const QStringList& arguments, QString* error,
                                           int* exitCode) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate(
      "main",
      "MobileNet Lab: watch MobileNet v1 classify live video, look inside its layers, "
      "and move the width multiplier \u03b1 and the resolution \u03c1 of the paper."));
  const QCommandLineOption help = parser.addHelpOption();
  const QCommandLineOption version = parser.addVersionOption();
  const QCommandLineOption source(QStringList{"s", "source"},
                                  "Camera index, video or image file, or folder of images.",
                                  "spec");
  namespace range = ui::window_range;
  const QCommandLineOption alpha(
      QStringList{"a", "alpha"},
      QStringLiteral("Width multiplier, %1 to %2.").arg(range::kMinAlpha).arg(range::kMaxAlpha, 0, 'f', 1),
      "alpha");
  const QCommandLineOption resolution(QStringList{"r", "resolution"},
                                      QStringLiteral("Input size in pixels, %1 to %2 (steps of %3).")
                                          .arg(range::kMinResolution)
                                          .arg(range::kMaxResolution)
                                          .arg(range::kResolutionStep),
                                      "pixels");
  const QCommandLineOption layer(QStringList{"l", "layer"},
                                 "Layer whose feature maps are shown (conv0, dw1, pw1, …).",
                                 "name");
  const QCommandLineOption mode(QStringList{"m", "mode"}, "separable or standard.", "mode");
  const QCommandLineOption saliency(
      "saliency",
      "Saliency map over the live view: cam (last layer), gradcam or gradcam:LAYER.", "method");
  const QCommandLineOption device(QStringList{"d", "device"},
                                  "cpu or cuda (default: cuda when "
                                  "available).",
                                  "device");
  const QCommandLineOption precision(
      "precision",
      "fp32, fp16, bf16 or int8 (default fp32). fp16 halves the GPU's memory traffic and uses "
      "its tensor cores (CUDA only); bf16 and int8 run on CPUs with AVX512_BF16 or AMX, and "
      "AVX-512 VNNI or AVX-VNNI (elsewhere fp32 runs, and the status bar says why).",
      "format");
  const QCommandLineOption threads(QStringList{"t", "threads"},
                                   "Most CPU threads for the network (default: one fewer than "
                                   "the machine has, leaving one for capture and drawing). It "
                                   "runs with fewer while other programs keep the cores busy.",
                                   "count");
  const QCommandLineOption fixedThreads(
      "fixed-threads",
      "Run the network with exactly that many threads, even while other programs keep the "
      "cores busy (to compare, or to measure).");
  const QCommandLineOption screenshot(
      "screenshot", "Save the window as a PNG after the first classified frames, then quit.",
      "file");
  const QCommandLineOption machineView(
      "machine-view",
      "Show \"Your machine\" from the start: the latency sweep of this computer (measured "
      "now if none is cached).");
  const QCommandLineOption teach(
      "teach",
      "Open the Teach room with the examples of DIR (one sub-folder of images per class) and "
      "teach them at once; the live view then runs the taught model.",
      "dir");
  const QCommandLineOption fresh(
      "no-saved-settings",
      "Ignore and do not change saved settings; write no latency sweep to the cache (a cached "
      "one is still shown).");
  const QCommandLineOption measure(
      "measure",
      "Measure the app itself, then quit: frames shown per second and the time of each stage "
      "over SECONDS, then moves of \u03b1/\u03c1 to 10 networks and back, timed until live. "
      "Frames come as from a camera faster than the network.",
      "seconds");
  const QCommandLineOption soak(
      "soak",
      "Soak test, then quit: FRAMES results with random \u03b1/\u03c1/layer changes every few "
      "frames and a source switch now and then; fails on a stall.",
      "frames");
  const QCommandLineOption soakSeconds(
      "soak-seconds", "End the soak test after this many seconds, if its frames are not done first.",
      "seconds");
  const QCommandLineOption soakSource("soak-source",
                                      "A source the soak test switches to (repeatable; default: "
                                      "the demo clip).",
                                      "spec");
  const QCommandLineOption seed("seed", "Random seed of the soak test (default 1).", "n");
  const QCommandLineOption report("report", "Write the --measure or --soak report (JSON) here.",
                                  "file");
  for (const QCommandLineOption& option :
       {source, alpha, resolution, layer, mode, device, precision, threads, fixedThreads,
        screenshot, fresh, measure, soak, soakSeconds, soakSource, seed, report, machineView, teach, saliency})
    parser.addOption(option);

  // QApplication's own options (-platform offscreen, -style …) are for Qt, not for us.
  static const QStringList qtWithValue = {
      "-platform",     "-style",       "-stylesheet",    "-display", "-qwindowgeometry",
      "-qwindowtitle", "-qwindowicon", "-platformtheme", "-plugin",  "-session"};
  static const QStringList qtFlags = {"-reverse", "-nograb", "-dograb", "-sync"};
  QStringList ours;
  for (int i = 0; i < arguments.size(); ++i) {
    const QString& a = arguments[i];
    if (qtWithValue.contains(a) || qtWithValue.contains(a.mid(1))) {
      ++i;  // and its value
    } else if (!qtFlags.contains(a) && !qtFlags.contains(a.mid(1))) {
      ours << a;
    }
  }

  parser.addPositionalArgument(
      QStringLiteral("FILE"),
      QCoreApplication::translate(
          "mnl",
          "Video, image, folder of images or weights file to open (what a file manager's "
          "\"Open with\" passes): the window tells them apart by content and opens one source "
          "and one weights file; the rest are named in a warning and not opened."),
      QStringLiteral("[FILE\u2026]"));
  *exitCode = 0;
  if (!parser.parse(ours)) {
    *error = parser.errorText();
    *exitCode = 2;
    return std::nullopt;
  }
  if (parser.isSet(help)) {
    // Without a QCoreApplication yet, Qt cannot name the executable itself.
    std::fputs(qPrintable(parser.helpText().replace(QStringLiteral("<executable_name>"),
                                                    QStringLiteral("mobilenet-lab"))),
               stdout);
    return std::nullopt;
  }
  if (parser.isSet(version)) {
    std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                qPrintable(QCoreApplication::applicationVersion()));
    return std::nullopt;
  }
  const auto fail = [&](const QString& message) -> std::optional<LaunchPlan> {
    *error = message;
    *exitCode = 2;
    return std::nullopt;
  };

  // A numeric option within [low, high]: "--name must be <kind> from <low> to <high>, not 'x'".
  // Floating-point bounds get 1e-9 of slack (so "1.0" is within 0.25…1.0).
  const auto number = [&]<typename T>(const QCommandLineOption& option, T low, T high,
                                       const QString& kind, const QString& lowText,
                                       const QString& highText) -> std::optional<T> {
    bool ok = false;
    T value{};
    if constexpr (std::is_integral_v<T>)
      value = static_cast<T>(parser.value(option).toLongLong(&ok));
    else
      value = parser.value(option).toDouble(&ok);
    const T slack = std::is_integral_v<T> ? T{0} : T(1e-9);
    if (ok && value >= low - slack && value <= high + slack) return value;
    *error = QStringLiteral("--%1 must be %2 from %3 to %4, not '%5'")
                 .arg(option.names().last(), kind, lowText, highText, parser.value(option));
    *exitCode = 2;
    return std::nullopt;
  };

  LaunchPlan plan;
  ui::WindowOptions& options = plan.window;
  options.source = parser.value(source);
  // Sources or weights files (a file manager's %F); the window tells them apart by content.
  options.files = parser.positionalArguments();
  if (parser.isSet(alpha)) {
    options.alpha = number(alpha, range::kMinAlpha, range::kMaxAlpha, "a number", QString::number(range::kMinAlpha),
                           QString::number(range::kMaxAlpha, 'f', 1));
    if (!options.alpha) return std::nullopt;
  }
  if (parser.isSet(resolution)) {
    options.resolution =
        number(resolution, range::kMinResolution, range::kMaxResolution, "a whole number",
               QString::number(range::kMinResolution), QString::number(range::kMaxResolution));
    if (!options.resolution) return std::nullopt;
  }
  // Words are read by the core's parsers, so the window and the CLI take the same ones.
  const auto word = [&](const QCommandLineOption& option, auto parse,
                        const QString& choices) -> std::optional<decltype(parse(std::string()))> {
    try {
      return parse(parser.value(option).toStdString());
    } catch (const std::invalid_argument&) {
      *error = QStringLiteral("--%1 must be %2, not '%3'")
                   .arg(option.names().last(), choices, parser.value(option));
      *exitCode = 2;
      return std::nullopt;
    }
  };
  if (parser.isSet(mode)) {
    options.conv = word(mode, [](const std::string& w) { return parseConvMode(w); },
                        QStringLiteral("'separable' or 'standard'"));
    if (!options.conv) return std::nullopt;
  }
  if (parser.isSet(device)) {
    options.device = word(device, parseDeviceKind, QStringLiteral("'cpu' or 'cuda'"));
    if (!options.device) return std::nullopt;
  }
  if (parser.isSet(precision)) {
    const std::optional<Precision> value =
        word(precision, parsePrecision, QStringLiteral("'fp32', 'fp16', 'bf16' or 'int8'"));
    if (!value) return std::nullopt;
    options.precision = *value;
  }
  if (parser.isSet(threads)) {
    const std::optional<int> value = number(threads, 1, 256, "a whole number", "1", "256");
    if (!value) return std::nullopt;
    options.threads = *value;
  }
  if (parser.isSet(measure) && parser.isSet(soak))
    return fail(QStringLiteral("--measure and --soak cannot run together"));
  if (parser.isSet(measure)) {
    const std::optional<double> value =
        number(measure, 1.0, 86400.0, "a number of seconds", "1", "86400");
    if (!value) return std::nullopt;
    plan.measureSeconds = *value;
  }
  if (parser.isSet(soak)) {
    const std::optional<long long> value =
        number(soak, 1LL, 100'000'000LL, "a number of frames", "1", "100000000");
    if (!value) return std::nullopt;
    plan.soakFrames = *value;
  }
  if (parser.isSet(soakSeconds)) {
    if (!parser.isSet(soak)) return fail(QStringLiteral("--soak-seconds needs --soak"));
    const std::optional<double> value =
        number(soakSeconds, 1.0, 604800.0, "a number of seconds", "1", "604800");
    if (!value) return std::nullopt;
    plan.soakSeconds = *value;
  }
  if (parser.isSet(seed)) {
    const std::optional<long long> value =
        number(seed, 0LL, 4'294'967'295LL, "a whole number", "0", "4294967295");
    if (!value) return std::nullopt;
    plan.seed = static_cast<unsigned>(*value);
  }
  plan.soakSources = parser.values(soakSource);
  plan.report = parser.value(report);
  options.layer = parser.value(layer);
  options.saliency = parser.value(saliency);
  if (const QString method = options.saliency.section(QLatin1Char(':'), 0, 0);
      parser.isSet(saliency) && method != QLatin1String("cam") &&
      method != QLatin1String("gradcam"))
    return fail(QStringLiteral("--saliency must be cam, gradcam or gradcam:LAYER, not '%1'")
                    .arg(options.saliency));
  plan.screenshot = parser.value(screenshot);
  options.useSavedSettings = !parser.isSet(fresh);
  options.adaptThreads = !parser.isSet(fixedThreads);
  options.machineView = parser.isSet(machineView);
  options.teachFolder = parser.value(teach);
  return plan;
}

}  // namespace mnl::gui
