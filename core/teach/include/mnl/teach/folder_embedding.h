// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A folder of examples through the backbone (image_batches.h): memory is bounded by the
// embeddings, not by the images (ten thousand photos are 10⁴ × 1024 floats, 40 MB, at α 1.0).
// No torch and no Qt here.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "mnl/teach/embedder.h"
#include "mnl/teach/embedding_table.h"
#include "mnl/teach/image_batches.h"

namespace mnl::teach {

struct FolderEmbedding {
  EmbeddingTable table;                      // one row per usable file, in the folder's order
  std::vector<std::filesystem::path> files;  // the file of each row
  std::vector<std::string> problems;         // one line per file skipped, naming it
};

// `progress(done, total)` after each batch; returning false stops, and what was embedded so
// far is returned.
FolderEmbedding embedImageFolder(Embedder& embedder, const ImageFolder& folder,
                                 const ImageBatchOptions& options = {},
                                 const std::function<bool(int, int)>& progress = {});

}  // namespace mnl::teach
