#include "framework/data/cifar.h"

#include <algorithm>

#include "framework/core/error.h"
#include "framework/data/input_stream.h"

namespace dendrite {

namespace {

constexpr std::int64_t kPixels = kCifarSide * kCifarSide;
constexpr std::int64_t kRecordsPerChunk = 256;
constexpr std::int64_t kOfficialRecords = 10000;  // per CIFAR-10 batch and CIFAR-100 test file

// The number of records in a file: its length (for a gzip file, decompressed: read once to find
// it) must be a positive whole number of records.
std::int64_t count_records(const std::string& path, std::int64_t record_bytes, int label_bytes) {
  InputStream in(path, "CIFAR file");
  const std::int64_t length = in.gzip() ? in.skip_rest() : in.size();
  DENDRITE_CHECK(length > 0 && length % record_bytes == 0,
                 "{} is {} bytes{}, not a whole number of {}-byte records ({} label byte{} + {} pixel bytes); "
                 "expected a multiple of {} (the official files of 10,000 records are {} bytes)",
                 in.describe(), length, in.gzip() ? " decompressed" : "", record_bytes, label_bytes,
                 label_bytes == 1 ? "" : "s", kCifarImageBytes, record_bytes, kOfficialRecords * record_bytes);
  return length / record_bytes;
}

// Decodes `count` records into rows [first, first + count) of images and labels.
void decode_records(const std::uint8_t* src, std::int64_t count, std::int64_t first, int label_bytes,
                    int label_byte, int num_classes, const std::string& file, std::int64_t file_first, float* images,
                    std::int32_t* labels) {
  const std::int64_t record_bytes = label_bytes + kCifarImageBytes;
  for (std::int64_t i = 0; i < count; ++i) {
    const std::uint8_t* record = src + i * record_bytes;
    const int label = record[label_byte];
    DENDRITE_CHECK(label < num_classes,
                   "{}: record {} (byte {}) has label {}; expected an integer in [0, {})", file, file_first + i,
                   (file_first + i) * record_bytes + label_byte, label, num_classes);
    labels[first + i] = label;
    // Channel-major planes in, channel-last pixels out.
    const std::uint8_t* planes = record + label_bytes;
    float* out = images + (first + i) * kCifarImageBytes;
    for (std::int64_t p = 0; p < kPixels; ++p)
      for (std::int64_t ch = 0; ch < kCifarChannels; ++ch)
        out[p * kCifarChannels + ch] = static_cast<float>(planes[ch * kPixels + p]) / 255.0f;
  }
}

}  // namespace

Dataset load_cifar(const std::vector<std::string>& files, int label_bytes, int label_byte, int num_classes) {
  DENDRITE_CHECK(!files.empty(), "load_cifar: no files given");
  DENDRITE_CHECK(label_bytes >= 1 && label_byte >= 0 && label_byte < label_bytes,
                 "load_cifar: label byte {} of {} per record is not a valid choice", label_byte, label_bytes);
  DENDRITE_CHECK(num_classes >= 1 && num_classes <= 256, "load_cifar: {} classes; expected 1 to 256", num_classes);
  const std::int64_t record_bytes = label_bytes + kCifarImageBytes;
  // Lengths first: a bad file is reported before anything is allocated or decoded.
  std::vector<std::int64_t> counts;
  std::int64_t total = 0;
  for (const std::string& f : files) {
    counts.push_back(count_records(f, record_bytes, label_bytes));
    total += counts.back();
  }

  Dataset d;
  d.images = Tensor({total, kCifarImageBytes}, DType::f32);
  d.labels = Tensor({total}, DType::i32);
  d.sample_shape = {kCifarSide, kCifarSide, kCifarChannels};
  d.num_classes = num_classes;
  std::vector<std::uint8_t> buffer(static_cast<std::size_t>(kRecordsPerChunk * record_bytes));
  std::int64_t row = 0;
  for (std::size_t f = 0; f < files.size(); ++f) {
    InputStream in(files[f], "CIFAR file");
    for (std::int64_t done = 0; done < counts[f];) {
      const std::int64_t n = std::min(kRecordsPerChunk, counts[f] - done);
      in.read_exact(buffer.data(), static_cast<std::size_t>(n * record_bytes), fmt::format("record {}", done));
      decode_records(buffer.data(), n, row, label_bytes, label_byte, num_classes, in.describe(), done,
                     d.images.f32(), d.labels.i32());
      done += n;
      row += n;
    }
    DENDRITE_CHECK(in.skip_rest() == 0, "{} grew while being read", in.describe());
  }
  std::string names;
  for (const std::string& f : files) names += (names.empty() ? "" : ", ") + f;
  d.images_file = names;
  d.labels_file = names;
  d.name = files.front();
  return d;
}

}  // namespace dendrite
