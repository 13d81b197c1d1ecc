// Small facts about this process that the sweep records: the time and the host name.
#pragma once

#include <string>

namespace dendrite {

// Current UTC time as ISO 8601 with seconds ("2025-03-01T12:00:05Z").
std::string utc_now();
// gethostname(), or "unknown".
std::string host_name();
// The cores this process may run on (its CPU affinity mask), at least 1.
int usable_cores();
// This process's command line as a shell would take it back (arguments quoted where needed).
std::string command_line();
// The absolute path of this program (/proc/self/exe).
std::string program_path();

}  // namespace dendrite
