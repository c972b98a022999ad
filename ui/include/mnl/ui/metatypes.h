// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The engine's plain types as Qt metatypes, so they can cross threads in queued signals.
// Results travel as shared pointers to const: built once on the inference thread, then only read.

#include <QMetaType>
#include <memory>
#include <vector>

#include "mnl/engine_settings.h"
#include "mnl/frame.h"
#include "mnl/inference_result.h"

namespace mnl::ui {
using ResultPtr = std::shared_ptr<const InferenceResult>;
using LayerTimings = std::vector<LayerTiming>;
// Registers every type below with Qt's meta-object system; call once before threads start.
void registerMetatypes();
}  // namespace mnl::ui

Q_DECLARE_METATYPE(mnl::ui::ResultPtr)
Q_DECLARE_METATYPE(mnl::ui::LayerTimings)
Q_DECLARE_METATYPE(mnl::Frame)
Q_DECLARE_METATYPE(mnl::DeviceInfo)
Q_DECLARE_METATYPE(mnl::NetworkConfig)
Q_DECLARE_METATYPE(mnl::EngineSettings)
