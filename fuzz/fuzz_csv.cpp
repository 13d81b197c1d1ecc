// Fuzz target: the CSV table reader (framework/data/csv_table.h, libcsv). The input is one CSV
// file, read with the header detected, with no header, and with ';' and the label column first.
#include <cstddef>
#include <cstdint>

#include "framework/data/csv_table.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dendrite;
  const std::string& path = fuzz::scratch_file(data, size);
  fuzz::expect_clean_rejection([&] { (void)read_csv_table(path); });
  CsvOptions no_header;
  no_header.header = CsvHeader::no;
  no_header.num_classes = 3;
  fuzz::expect_clean_rejection([&] { (void)read_csv_table(path, no_header); });
  CsvOptions semicolon;
  semicolon.delimiter = ';';
  semicolon.label_index = 0;
  fuzz::expect_clean_rejection([&] { (void)read_csv_table(path, semicolon); });
  return 0;
}
