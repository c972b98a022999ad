// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The backbone as LibTorch sees it, shared by the embedder and the model export so that both
// read the same weights the same way. Private to core/teach.

#include "mnl/model_loader.h"
#include "mnl/teach/embedder.h"

namespace mnl::teach {

// The model a BackboneRequest names, on the CPU, in eval mode, trained weights required.
LoadedModel loadBackbone(const BackboneRequest& request);

}  // namespace mnl::teach
