#include "framework/data/csv_table.h"

#include <csv.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <string_view>
#include <type_traits>
#include <utility>
#include <memory>
#include <vector>

#include "framework/core/error.h"
#include "framework/data/input_stream.h"

namespace dendrite {

namespace {

constexpr std::size_t kReadBytes = std::size_t{1} << 16;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The number in cell s (the whole cell), or why it is not one.
template <class T>
bool parse_number(std::string_view s, T& value, std::string& why) {
  s = trimmed(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) {
    why = "is empty, not a number";
    return false;
  }
  const std::from_chars_result r = std::from_chars(s.data(), s.data() + s.size(), value);
  if (r.ec == std::errc::result_out_of_range) {
    why = std::is_same_v<T, float> ? "is out of the range of float32" : "is out of range";
    return false;
  }
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
    why = "is not a number";
    return false;
  }
  if (!std::isfinite(value)) {
    why = "is not a finite number; the data must be finite";
    return false;
  }
  return true;
}

// What libcsv's callbacks fill. No exception may cross libcsv (C code): the first problem is
// kept in `error`, the rest of the input ignored, and the caller throws.
class TableBuilder {
 public:
  TableBuilder(std::string path, const CsvOptions& options) : path_(std::move(path)), options_(options) {}

  static void on_field(void* text, std::size_t len, void* self) {
    auto* b = static_cast<TableBuilder*>(self);
    if (b->error_.empty()) b->row_.emplace_back(text != nullptr ? static_cast<const char*>(text) : "", len);
  }
  static void on_row(int /*terminator*/, void* self) {
    auto* b = static_cast<TableBuilder*>(self);
    if (b->error_.empty()) b->end_row();
    b->row_.clear();
  }

  const std::string& error() const { return error_; }
  std::int64_t rows() const { return row_number_; }

  Dataset finish() {
    DENDRITE_CHECK(row_number_ > 0, "CSV file '{}' is empty (no rows)", path_);
    DENDRITE_CHECK(data_rows_ > 0, "CSV file '{}' has a header row but no data rows", path_);
    const std::int64_t n = data_rows_;
    const std::int64_t f = options_.no_label ? columns_ : columns_ - 1;
    Dataset d;
    d.num_classes = options_.num_classes;
    d.labels = options_.no_label ? Tensor({n}, DType::i32) : checked_labels(labels_, path_, d.num_classes);
    d.images = Tensor({n, f});
    std::copy(features_.begin(), features_.end(), d.images.f32());
    d.sample_shape = {f, 1, 1};
    d.name = std::filesystem::path(path_).filename().string();
    d.images_file = d.labels_file = path_;
    return d;
  }

 private:
  // "CSV file 'a.csv', row 3, column 2 ('width')"
  std::string where(std::int64_t column) const {
    const std::string name =
        column < static_cast<std::int64_t>(names_.size()) ? fmt::format(" ('{}')", names_[column]) : "";
    return fmt::format("CSV file '{}', row {}, column {}{}", path_, row_number_, column + 1, name);
  }

  void fail(std::string message) { error_ = std::move(message); }

  void end_row() {
    ++row_number_;
    if (row_number_ == 1) {
      columns_ = static_cast<std::int64_t>(row_.size());
      const bool header = is_header();
      if (header) names_ = row_;
      if (!resolve_label_column() || header) return;
    }
    if (static_cast<std::int64_t>(row_.size()) != columns_) {
      fail(fmt::format("CSV file '{}', row {} has {} cells; expected {}, as in row 1", path_, row_number_,
                       row_.size(), columns_));
      return;
    }
    std::string why;
    for (std::int64_t c = 0; c < columns_; ++c) {
      const std::string& cell = row_[static_cast<std::size_t>(c)];
      if (c == label_column_) {
        double label = 0;
        if (!parse_number(cell, label, why)) return fail(fmt::format("{}: label '{}' {}", where(c), cell, why));
        const bool in_range = label >= 0 && label == std::floor(label) &&
                              (options_.num_classes <= 0 ? label < 2147483647.0 : label < options_.num_classes);
        if (!in_range) {
          return fail(fmt::format("{}: label '{}' is not an integer in {}", where(c), cell,
                                  options_.num_classes > 0 ? fmt::format("[0, {})", options_.num_classes)
                                                           : std::string("[0, 2^31 - 1)")));
        }
        labels_.push_back(label);
        continue;
      }
      float value = 0;
      if (!parse_number(cell, value, why)) return fail(fmt::format("{}: '{}' {}", where(c), cell, why));
      features_.push_back(value);
    }
    ++data_rows_;
  }

  bool is_header() const {
    if (options_.header != CsvHeader::detect) return options_.header == CsvHeader::yes;
    std::string why;
    for (const std::string& cell : row_) {
      double v = 0;
      if (!parse_number(cell, v, why)) return true;
    }
    return false;
  }

  bool resolve_label_column() {
    if (options_.no_label) return true;  // every column a feature, label_column_ stays -1
    if (columns_ < 2) {
      fail(fmt::format("CSV file '{}' has {} column in row 1; it needs at least one feature column and the label "
                       "column",
                       path_, columns_));
      return false;
    }
    if (!options_.label_name.empty()) {
      if (names_.empty()) {
        fail(fmt::format("CSV file '{}' has no header row, so its label column cannot be found by the name '{}'; "
                         "give the column's position instead",
                         path_, options_.label_name));
        return false;
      }
      std::string all;
      for (std::size_t c = 0; c < names_.size(); ++c) {
        if (std::string(trimmed(names_[c])) == options_.label_name) label_column_ = static_cast<std::int64_t>(c);
        all += (c ? ", " : "") + names_[c];
      }
      if (label_column_ < 0) {
        fail(fmt::format("CSV file '{}' has no column named '{}' (its columns: {})", path_, options_.label_name,
                         all));
        return false;
      }
      return true;
    }
    label_column_ = options_.label_index < 0 ? columns_ - 1 : options_.label_index;
    if (options_.label_index < -1 || label_column_ >= columns_) {
      fail(fmt::format("CSV file '{}' has {} columns (positions 0 to {}); the label column {} is not one of them",
                       path_, columns_, columns_ - 1, options_.label_index));
      return false;
    }
    return true;
  }

  std::string path_;
  CsvOptions options_;
  std::vector<std::string> row_, names_;
  std::int64_t row_number_ = 0, columns_ = 0, label_column_ = -1, data_rows_ = 0;
  std::vector<float> features_;
  std::vector<double> labels_;
  std::string error_;
};

struct ParserDeleter {
  void operator()(csv_parser* p) const {
    csv_free(p);
    delete p;
  }
};

}  // namespace

Dataset read_csv_table(const std::string& path, const CsvOptions& options) {
  DENDRITE_CHECK(options.delimiter != '"' && options.delimiter != '\n' && options.delimiter != '\r',
                 "CSV file '{}': the delimiter cannot be a quote or a line end", path);
  InputStream in(path, "CSV file");
  std::unique_ptr<csv_parser, ParserDeleter> parser(new csv_parser);
  DENDRITE_CHECK(csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) == 0,
                 "CSV file '{}': cannot set up the CSV parser", path);
  csv_set_delim(parser.get(), static_cast<unsigned char>(options.delimiter));
  TableBuilder builder(path, options);
  std::vector<std::uint8_t> buffer(kReadBytes);
  const auto parse_error = [&] {
    return fmt::format("CSV file '{}' is not valid CSV after row {}: {} (a quote inside an unquoted cell, or a "
                       "quoted cell that is not closed)",
                       path, builder.rows(), csv_strerror(csv_error(parser.get())));
  };
  for (;;) {
    const std::size_t got = in.read(buffer.data(), buffer.size());
    if (got == 0) break;
    const std::size_t used =
        csv_parse(parser.get(), buffer.data(), got, &TableBuilder::on_field, &TableBuilder::on_row, &builder);
    if (!builder.error().empty()) throw Error(builder.error());
    if (used != got) throw Error(parse_error());
  }
  if (csv_fini(parser.get(), &TableBuilder::on_field, &TableBuilder::on_row, &builder) != 0)
    throw Error(parse_error());
  if (!builder.error().empty()) throw Error(builder.error());
  return builder.finish();
}

}  // namespace dendrite
