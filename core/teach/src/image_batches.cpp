// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/image_batches.h"

#include <algorithm>
#include <utility>

#include "mnl/media/image_source.h"

namespace mnl::teach {

std::optional<Frame> decodeImageFile(const std::filesystem::path& file, std::int64_t maxPixels,
                                     std::string& problem) {
  SourceOptions options;
  options.maxPixels = maxPixels;
  ImageSource image(file, options);
  FrameSource& source = image;  // read(Frame&) is the base's, hidden by read(cv::Mat&)
  Frame frame;
  SourceResult r = source.open();
  if (r.ok()) r = source.read(frame);
  if (r.ok()) return frame;
  problem = r.message.empty() ? file.string() + ": unreadable" : r.message;
  return std::nullopt;
}

int readImageBatches(const ImageFolder& folder, const ImageBatchOptions& options,
                     const std::function<bool(const ImageBatch&)>& visit,
                     const std::function<void(const std::string&)>& problem) {
  const int total = static_cast<int>(folder.files.size());
  const int size = std::max(options.batch, 1);
  int skipped = 0;
  for (int start = 0; start < total; start += size) {
    ImageBatch batch;
    batch.done = std::min(start + size, total);
    batch.total = total;
    for (int i = start; i < batch.done; ++i) {
      const LabelledFile& example = folder.files[static_cast<std::size_t>(i)];
      std::string why;
      std::optional<Frame> frame = decodeImageFile(example.file, options.maxPixels, why);
      if (!frame) {
        ++skipped;
        if (problem) problem(why);
        continue;
      }
      batch.frames.push_back(std::move(*frame));
      batch.files.push_back(&example);
    }
    if (!visit(batch)) break;
  }
  return skipped;
}

}  // namespace mnl::teach
