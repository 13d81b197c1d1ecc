// CSV as RFC 4180 has it: fields separated by commas, records ended by CRLF, a field quoted when
// it holds a comma, a double quote, CR or LF (or starts or ends with a space), and quotes inside a
// quoted field doubled. No C++ CSV library in Debian fits; this is the whole writer.
#pragma once

#include <string>
#include <vector>

namespace dendrite::tools {

std::string csv_field(const std::string& text);
std::string csv_record(const std::vector<std::string>& fields);  // with the trailing CRLF

}  // namespace dendrite::tools
