// dendrite runs: the runs of a sweep's result store, one row per run, as CSV, JSON or a table, or
// (--backup) a consistent copy of the store. It only reads the store.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/core/text_check.h"
#include "framework/sweep/store.h"
#include "tools/cli_common.h"
#include "tools/commands.h"
#include "tools/csv_writer.h"

namespace dendrite::tools {

namespace {

struct RunsOptions {
  std::string store, format = "table", status, dataset, backup;
};

// The columns, in order: the configuration and the main results first, then the other results, the
// execution and the key.
const char* const kColumns[] = {
    "model", "dataset", "dendrites", "somata", "synapses", "layers", "seed", "input_noise", "sequential", "epochs",
    "params", "status", "test_accuracy", "test_loss", "best_epoch", "seconds_per_epoch", "batch", "optimizer", "lr",
    "dropout", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "best_val_loss", "epochs_run",
    "train_samples_per_second", "wall_seconds", "cost", "attempts", "host", "rank", "started_at", "finished_at",
    "error", "run_key", "dataset_hash", "framework_version", "config"};
// The table shows the core columns (the rest are in csv and json).
constexpr std::size_t kTableColumns = 16;

using Cell = SqliteStatement::Cell;

std::string cell_text(const Cell& c) {
  if (std::holds_alternative<std::monostate>(c)) return "";
  if (const auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&c)) return fmt::format("{}", *d);  // shortest exact form
  return std::get<std::string>(c);
}

std::string table_text(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return fmt::format("{:.4g}", *d);
  return cell_text(c);
}

nlohmann::json cell_json(const std::string& column, const Cell& c) {
  if (std::holds_alternative<std::monostate>(c)) return nullptr;
  if (const auto* i = std::get_if<std::int64_t>(&c)) return column == "sequential" ? nlohmann::json(*i != 0) : nlohmann::json(*i);
  if (const auto* d = std::get_if<double>(&c)) return *d;
  const std::string& s = std::get<std::string>(c);
  if (column == "config") {
    try {
      return nlohmann::json::parse(s);
    } catch (const nlohmann::json::exception&) {
      return s;
    }
  }
  return s;
}

std::vector<std::vector<Cell>> query(Store& store, const RunsOptions& o) {
  std::string sql = "SELECT";
  for (std::size_t i = 0; i < std::size(kColumns); ++i) sql += fmt::format("{} {}", i ? "," : "", kColumns[i]);
  sql += " FROM runs WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR dataset = ?2) ORDER BY dataset, model, "
         "dendrites, somata, synapses, layers, input_noise, sequential, epochs, seed, run_key";
  SqliteStatement s = store.db().prepare(sql);
  s.bind(1, o.status).bind(2, o.dataset);
  std::vector<std::vector<Cell>> rows;
  while (s.step()) {
    std::vector<Cell> row;
    for (int i = 0; i < s.columns(); ++i) row.push_back(s.cell(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_csv(const std::vector<std::vector<Cell>>& rows) {
  std::string out = csv_record(std::vector<std::string>(std::begin(kColumns), std::end(kColumns)));
  for (const auto& row : rows) {
    std::vector<std::string> fields;
    for (const Cell& c : row) fields.push_back(cell_text(c));
    out += csv_record(fields);
  }
  return out;
}

// JSON holds UTF-8 only: a stored text that is not (a store written by other hands) is named with
// the store, the run and the column instead of ending in nlohmann's bare exception.
void check_utf8_cells(const std::string& store, const std::vector<Cell>& row) {
  static const std::size_t kRunKey = static_cast<std::size_t>(
      std::find_if(std::begin(kColumns), std::end(kColumns), [](const char* c) { return std::string_view(c) == "run_key"; }) -
      std::begin(kColumns));
  for (std::size_t i = 0; i < row.size(); ++i) {
    const auto* text = std::get_if<std::string>(&row[i]);
    if (text == nullptr || invalid_utf8_offset(*text) == text->size()) continue;
    const auto* key = std::get_if<std::string>(&row[kRunKey]);
    const bool key_readable = key != nullptr && invalid_utf8_offset(*key) == key->size();
    throw Error(fmt::format("store '{}': run {}: column {}: the stored text {}; --format csv shows it as stored",
                            store, key_readable ? *key : std::string("(its key is not UTF-8 either)"), kColumns[i],
                            text_problem(*text)));
  }
}

std::string format_json(const std::string& store, const std::vector<std::vector<Cell>>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    check_utf8_cells(store, row);
    nlohmann::ordered_json j = nlohmann::ordered_json::object();  // the columns in order
    for (std::size_t i = 0; i < row.size(); ++i) j[kColumns[i]] = nlohmann::ordered_json(cell_json(kColumns[i], row[i]));
    out.push_back(std::move(j));
  }
  return out.dump(2) + "\n";
}

std::string format_table(const std::vector<std::vector<Cell>>& rows) {
  std::vector<std::vector<std::string>> text(1);
  for (std::size_t i = 0; i < kTableColumns; ++i) text[0].emplace_back(kColumns[i]);
  for (const auto& row : rows) {
    text.emplace_back();
    for (std::size_t i = 0; i < kTableColumns; ++i) text.back().push_back(table_text(row[i]));
  }
  std::vector<std::size_t> width(kTableColumns, 0);
  for (const auto& r : text)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const auto& r : text) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) line += fmt::format("{}{:<{}}", i ? "  " : "", r[i], width[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out + fmt::format("{} runs\n", rows.size());
}

int run(const RunsOptions& o) {
  Store store = Store::open_read_only(o.store);
  if (!o.backup.empty()) {
    store.backup_to(o.backup);
    return 0;
  }
  const auto rows = query(store, o);
  const std::string text = o.format == "csv" ? format_csv(rows) : o.format == "json" ? format_json(o.store, rows)
                                                                                     : format_table(rows);
  const bool written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
  DENDRITE_CHECK(written, "cannot write the runs to the standard output: {}", std::strerror(errno));
  return 0;
}

}  // namespace

Command make_runs_command() {
  auto o = std::make_shared<RunsOptions>();
  Command c;
  c.name = "runs";
  c.description = "list the runs of a sweep's result store (csv, json or a table)";
  c.add_options = [o](CLI::App& cmd) {
    cmd.add_option("--store", o->store, "the result store of dendrite sweep")->required();
    cmd.add_option("--format", o->format, "csv | json | table")
        ->capture_default_str()
        ->check(CLI::IsMember({"csv", "json", "table"}));
    cmd.add_option("--status", o->status, "only runs with this status")
        ->check(CLI::IsMember({"pending", "running", "done", "failed"}));
    cmd.add_option("--dataset", o->dataset, "only runs on this data set");
    cmd.add_option("--backup", o->backup,
                   "write a consistent copy of the store to this file (also while a sweep writes) instead of "
                   "listing; an existing SQLite database there is not overwritten");
  };
  c.run = [o](CLI::App&) { return run(*o); };
  return c;
}

}  // namespace dendrite::tools
