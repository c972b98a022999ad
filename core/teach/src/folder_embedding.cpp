// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/folder_embedding.h"

namespace mnl::teach {

FolderEmbedding embedImageFolder(Embedder& embedder, const ImageFolder& folder,
                                 const ImageBatchOptions& options,
                                 const std::function<bool(int, int)>& progress) {
  FolderEmbedding result;
  const auto dimensions = static_cast<std::size_t>(embedder.dimensions());
  result.table.dimensions = embedder.dimensions();
  readImageBatches(
      folder, options,
      [&](const ImageBatch& batch) {
        const std::vector<float> rows = embedder.embed(batch.frames);
        for (std::size_t j = 0; j < batch.files.size(); ++j) {
          result.table.append({rows.data() + j * dimensions, dimensions}, batch.files[j]->label);
          result.files.push_back(batch.files[j]->file);
        }
        return !progress || progress(batch.done, batch.total);
      },
      [&](const std::string& line) { result.problems.push_back(line); });
  return result;
}

}  // namespace mnl::teach
