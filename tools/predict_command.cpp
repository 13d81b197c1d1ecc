// dendrite predict: the class and the class probabilities of inputs without labels, from an
// exported model (.onnx, run in ONNX Runtime with the dendrite plugin, or through the function
// bodies with --no-plugin) or a checkpoint (run by the framework). Inputs: tools/predict_inputs.h.
// Output: CSV (index or file name, class, one probability column per class) to stdout or --output
// FILE.csv, or the probabilities as a float32 .npy (--output FILE.npy). The class is the largest
// logit (ties to the lower class), as `dendrite run --predictions` has it; the probabilities are
// the softmax of the logits.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "export/onnx_export.h"
#include "export/onnx_validate.h"
#include "export/runtime/ort_model.h"
#include "framework/core/file_io.h"
#include "framework/data/npy_write.h"
#include "framework/graph/executor.h"
#include "framework/train/model_io.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/csv_writer.h"
#include "tools/predict_inputs.h"

namespace dendrite::tools {

namespace {

struct PredictOptions {
  std::string model, output, label_column, csv_header = "auto", csv_delimiter = ",";
  std::vector<std::string> inputs;
  std::int64_t batch = 256;
  int threads = 0;
  bool no_plugin = false;
};

void add_options(CLI::App& cmd, PredictOptions& o) {
  cmd.add_option("model", o.model, "an exported model (.onnx) or a checkpoint (.ckpt)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd.add_option("--input", o.inputs,
                 "inputs: .npy, .npz (array x), IDX, CSV (.csv: every column a feature) or PNG/PGM images of the "
                 "model's input size (several files: their rows in order)")
      ->required()
      ->expected(1, -1)
      ->check(CLI::ExistingFile);
  cmd.add_option("--output", o.output,
                 "write here: .npy (float32 probabilities [N, classes]) or CSV (any other name); default: CSV on "
                 "stdout");
  cmd.add_option("--label-column", o.label_column, "CSV: a column to ignore (by header name or position from 0)");
  cmd.add_option("--csv-header", o.csv_header, "CSV: yes | no | auto (a first row with a non-number is a header)")
      ->capture_default_str()
      ->check(CLI::IsMember({"yes", "no", "auto"}));
  cmd.add_option("--csv-delimiter", o.csv_delimiter, "CSV: the one-character cell separator")->capture_default_str();
  cmd.add_option("--batch", o.batch, "samples per model run")->capture_default_str()->check(positive_integer());
  cmd.add_option("--threads", o.threads, "compute threads (0: one per core)")->check(CLI::Range(0, kMaxThreads));
  cmd.add_flag("--no-plugin", o.no_plugin, ".onnx: run the function bodies of the dendrite ops instead of the plugin");
}

bool is_onnx(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".onnx";
}

PredictInputOptions input_options(const PredictOptions& o) {
  PredictInputOptions in;
  in.csv.no_label = o.label_column.empty();
  if (!o.label_column.empty()) {
    const bool digits = std::all_of(o.label_column.begin(), o.label_column.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && o.label_column.size() < 10) in.csv.label_index = std::stoll(o.label_column);
    else in.csv.label_name = o.label_column;
  }
  in.csv.header = o.csv_header == "yes" ? CsvHeader::yes : o.csv_header == "no" ? CsvHeader::no : CsvHeader::detect;
  DENDRITE_USAGE_CHECK(o.csv_delimiter.size() == 1 && o.csv_delimiter[0] != '"' && o.csv_delimiter[0] != '\n',
                       "--csv-delimiter must be one character other than a quote or a newline, got '{}'",
                       o.csv_delimiter);
  in.csv.delimiter = o.csv_delimiter[0];
  return in;
}

// The model's logits for every row of x (f32 [N, F]), batch by batch.
class Predictor {
 public:
  virtual ~Predictor() = default;
  virtual std::int64_t input_width() const = 0;
  virtual Shape input_shape() const = 0;  // {} when the file does not say
  virtual Tensor logits(const float* x, std::int64_t n) = 0;
};

class OnnxPredictor : public Predictor {
 public:
  OnnxPredictor(const std::string& path, bool plugin, int threads) : model_(path, plugin, threads) {}
  std::int64_t input_width() const override { return model_.input_width(); }
  Shape input_shape() const override { return {}; }
  Tensor logits(const float* x, std::int64_t n) override { return model_.run(x, n); }

 private:
  OrtModel model_;
};

class CheckpointPredictor : public Predictor {
 public:
  explicit CheckpointPredictor(const std::string& path)
      : model_(load_model(path)), exec_(model_.graph, ExecutorOptions{Backend::optimized, {model_.logits}}) {}
  std::int64_t input_width() const override { return shape_numel(model_.spec.input); }
  Shape input_shape() const override { return model_.spec.input; }
  Tensor logits(const float* x, std::int64_t n) override {
    Tensor batch({n, input_width()});
    std::copy(x, x + n * input_width(), batch.f32());
    exec_.set_input(model_.x, batch);
    exec_.forward(/*training=*/false);
    return exec_.value(model_.logits).clone();
  }

 private:
  Model model_;
  Executor exec_;
};

std::string number(float v) { return fmt::format("{}", v); }

int run(PredictOptions& o) {
  const PredictInputOptions input = input_options(o);
  if (!o.output.empty()) {
    check_output_path("--output", o.output);
    NamedPaths inputs = {{"the model", o.model}};
    for (const std::string& f : o.inputs) inputs.emplace_back("--input", f);
    check_distinct_outputs({{"--output", o.output}}, inputs);
  }
  std::unique_ptr<Predictor> model;
  if (is_onnx(o.model)) {
    // ONNX Runtime does not look at initializer values: bad indices or weights are caught here.
    check_onnx_before_running(read_onnx(o.model), o.model);
    warn_if_more_threads_than_cores(o.threads, "inference");
    model = std::make_unique<OnnxPredictor>(o.model, !o.no_plugin, o.threads);
  } else {
    DENDRITE_USAGE_CHECK(!o.no_plugin, "--no-plugin applies to .onnx models, not to the checkpoint '{}'", o.model);
    apply_threads(o.threads);
    model = std::make_unique<CheckpointPredictor>(o.model);
  }
  const PredictInputs in = load_predict_inputs(o.inputs, input);
  const std::int64_t n = in.x.dim(0), width = in.x.dim(1);
  const Shape expected = model->input_shape();
  DENDRITE_CHECK(width == model->input_width(),
                 "model '{}' takes {} features per sample{}, but the inputs in '{}' have {} (samples of shape {})",
                 o.model, model->input_width(), expected.empty() ? "" : fmt::format(" (shape {})", shape_str(expected)),
                 o.inputs.front(), width, shape_str(in.sample_shape));

  std::vector<std::int32_t> classes;
  Tensor probabilities;
  for (std::int64_t start = 0; start < n; start += o.batch) {
    const std::int64_t count = std::min(o.batch, n - start);
    const Tensor logits = model->logits(in.x.f32() + start * width, count);
    const std::int64_t c = logits.dim(1);
    if (!probabilities.defined()) probabilities = Tensor({n, c});
    for (std::int64_t i = 0; i < count; ++i) {
      const float* row = logits.f32() + i * c;
      const std::int64_t best = std::max_element(row, row + c) - row;
      double sum = 0.0;
      for (std::int64_t k = 0; k < c; ++k) sum += std::exp(static_cast<double>(row[k]) - row[best]);
      float* p = probabilities.f32() + (start + i) * c;
      for (std::int64_t k = 0; k < c; ++k)
        p[k] = static_cast<float>(std::exp(static_cast<double>(row[k]) - row[best]) / sum);
      classes.push_back(static_cast<std::int32_t>(best));
    }
  }
  if (!probabilities.defined()) probabilities = Tensor({0, 0});

  std::string ext = std::filesystem::path(o.output).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (ext == ".npy") {
    write_file_atomic(o.output, npy_f32_bytes(probabilities));
    return 0;
  }
  const std::int64_t c = probabilities.dim(1);
  std::vector<std::string> header = {in.named_by_file ? "file" : "index", "class"};
  for (std::int64_t k = 0; k < c; ++k) header.push_back(fmt::format("p{}", k));
  std::string text = csv_record(header);
  for (std::int64_t i = 0; i < n; ++i) {
    std::vector<std::string> row = {in.names[static_cast<std::size_t>(i)], std::to_string(classes[static_cast<std::size_t>(i)])};
    for (std::int64_t k = 0; k < c; ++k) row.push_back(number(probabilities.f32()[i * c + k]));
    text += csv_record(row);
  }
  if (o.output.empty()) std::fwrite(text.data(), 1, text.size(), stdout);
  else write_text_file(o.output, text);
  return 0;
}

}  // namespace

Command make_predict_command() {
  auto o = std::make_shared<PredictOptions>();
  Command c;
  c.name = "predict";
  c.description = "the class and class probabilities of inputs without labels, from an .onnx model or a checkpoint";
  c.add_options = [o](CLI::App& cmd) { add_options(cmd, *o); };
  c.run = [o](CLI::App&) { return run(*o); };
  return c;
}

}  // namespace dendrite::tools
