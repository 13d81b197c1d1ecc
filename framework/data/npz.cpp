#include "framework/data/npz.h"

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <utility>

#include "framework/core/error.h"
#include "framework/data/data_checks.h"
#include "framework/data/input_stream.h"

namespace dendrite {

namespace {

constexpr const char* kMemberSuffix = ".npy";

std::string archive_str(const std::string& path) { return fmt::format("NumPy archive '{}'", path); }

std::string zip_code_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

// An open archive, closed (without writing: it is opened read-only) when it goes.
class Archive {
 public:
  explicit Archive(const std::string& path) : path_(path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    DENDRITE_CHECK(fs::exists(path, ec), "{} does not exist", archive_str(path));
    DENDRITE_CHECK(!fs::is_directory(path, ec), "{} is a directory, not a file", archive_str(path));
    int code = 0;
    zip_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    DENDRITE_CHECK(zip_ != nullptr, "{} cannot be read as a zip archive: {}", archive_str(path),
                   zip_code_message(code));
  }
  ~Archive() {
    if (zip_ != nullptr) zip_discard(zip_);
  }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  zip_t* get() const { return zip_; }

  std::vector<std::string> array_names() const {
    std::vector<std::string> names;
    const zip_int64_t n = zip_get_num_entries(zip_, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* name = zip_get_name(zip_, static_cast<zip_uint64_t>(i), 0);
      if (name == nullptr) continue;
      std::string s = name;
      const std::size_t suffix = std::char_traits<char>::length(kMemberSuffix);
      if (s.size() > suffix && s.compare(s.size() - suffix, suffix, kMemberSuffix) == 0) s.resize(s.size() - suffix);
      names.push_back(std::move(s));
    }
    return names;
  }

  // The member index of array `name` ("name.npy", or a member called just "name"), or -1.
  zip_int64_t locate(const std::string& name) const {
    const zip_int64_t at = zip_name_locate(zip_, (name + kMemberSuffix).c_str(), 0);
    return at >= 0 ? at : zip_name_locate(zip_, name.c_str(), 0);
  }

  [[noreturn]] void throw_missing(const std::string& name) const {
    std::string held;
    for (const std::string& n : array_names()) held += (held.empty() ? "" : ", ") + n;
    throw Error(fmt::format("{} has no array '{}' (it holds: {})", archive_str(path_), name,
                            held.empty() ? "nothing" : held));
  }

 private:
  std::string path_;
  zip_t* zip_ = nullptr;
};

// One member, decompressed as it is read.
class NpzMember : public ByteSource {
 public:
  NpzMember(const std::string& path, const std::string& name)
      : archive_(path), describe_(fmt::format("array '{}' in {}", name, archive_str(path))) {
    const zip_int64_t index = archive_.locate(name);
    if (index < 0) archive_.throw_missing(name);
    zip_stat_t st;
    zip_stat_init(&st);
    DENDRITE_CHECK(zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &st) == 0,
                   "{}: cannot read its zip entry: {}", describe_, zip_error_strerror(zip_get_error(archive_.get())));
    const zip_uint64_t need = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
    DENDRITE_CHECK((st.valid & need) == need, "{}: its zip entry lacks its size or compression method", describe_);
    DENDRITE_CHECK(!(st.valid & ZIP_STAT_ENCRYPTION_METHOD) || st.encryption_method == ZIP_EM_NONE,
                   "{} is encrypted; NumPy archives are not", describe_);
    DENDRITE_CHECK(st.comp_method == ZIP_CM_STORE || st.comp_method == ZIP_CM_DEFLATE,
                   "{} is compressed with zip method {}; NumPy archives use stored (0) or deflate (8) members",
                   describe_, st.comp_method);
    // A declared size that the compressed data cannot expand to is refused before any memory is
    // set aside for it.
    const auto comp = static_cast<std::int64_t>(std::min<zip_uint64_t>(st.comp_size, INT64_MAX / 2));
    const std::int64_t limit = st.comp_method == ZIP_CM_STORE ? comp : max_gzip_expansion(comp);
    DENDRITE_CHECK(st.size <= static_cast<zip_uint64_t>(limit),
                   "{} declares {} bytes, more than its {} compressed bytes can hold", describe_, st.size,
                   st.comp_size);
    size_ = static_cast<std::int64_t>(st.size);
    file_ = zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0);
    DENDRITE_CHECK(file_ != nullptr, "{} cannot be opened: {}", describe_,
                   zip_error_strerror(zip_get_error(archive_.get())));
  }
  ~NpzMember() override {
    if (file_ != nullptr) zip_fclose(file_);
  }

  std::size_t read(std::uint8_t* dst, std::size_t n) override {
    std::size_t done = 0;
    while (done < n) {
      const zip_int64_t got = zip_fread(file_, dst + done, n - done);
      DENDRITE_CHECK(got >= 0, "{} is damaged: {} (after {} bytes)", describe_,
                     zip_error_strerror(zip_file_get_error(file_)), position_ + static_cast<std::int64_t>(done));
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    position_ += static_cast<std::int64_t>(done);
    return done;
  }
  std::string describe() const override { return describe_; }
  std::int64_t size() const override { return size_; }
  std::int64_t max_size() const override { return size_; }

 private:
  Archive archive_;
  std::string describe_;
  std::int64_t size_ = 0, position_ = 0;
  zip_file_t* file_ = nullptr;
};

}  // namespace

std::vector<std::string> npz_array_names(const std::string& path) { return Archive(path).array_names(); }

std::unique_ptr<ArraySource> npz_array(const std::string& path, const std::string& name) {
  {
    const Archive archive(path);
    if (archive.locate(name) < 0) archive.throw_missing(name);
  }
  return npy_array_source(fmt::format("{}:{}", path, name),
                          [path, name] { return std::make_unique<NpzMember>(path, name); });
}

Dataset load_npz_dataset(const std::string& path, int num_classes, const std::string& images,
                         const std::string& labels) {
  const std::unique_ptr<ArraySource> x = npz_array(path, images);
  const std::unique_ptr<ArraySource> y = npz_array(path, labels);
  return load_dataset(*x, *y, num_classes);
}

TrainTest load_npz_train_test(const std::string& path, int num_classes) {
  const std::unique_ptr<ArraySource> x_train = npz_array(path, "x_train");
  const std::unique_ptr<ArraySource> y_train = npz_array(path, "y_train");
  const std::unique_ptr<ArraySource> x_test = npz_array(path, "x_test");
  const std::unique_ptr<ArraySource> y_test = npz_array(path, "y_test");
  check_same_sample_shape(array_sample_shape(*x_train), x_train->name(), array_sample_shape(*x_test),
                          x_test->name());
  TrainTest out;
  out.train = load_dataset(*x_train, *y_train, num_classes);
  out.test = load_dataset(*x_test, *y_test, num_classes);
  if (num_classes <= 0) adopt_training_classes(out.test, out.train);
  return out;
}

}  // namespace dendrite
