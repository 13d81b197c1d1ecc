// Ctrl-C, SIGTERM and SIGHUP (the terminal or the ssh session closed) for the long-running
// commands (train, sweep), all three alike: the first one sets a flag the command polls (the trainer after each batch, the sweep's coordinator every 100 ms), so that it
// stops cleanly and saves what it must; SA_RESETHAND makes a second one end the process at once.
#pragma once

#include <atomic>

namespace dendrite::tools {

// Installs the handlers and returns the flag they set.
const std::atomic<bool>& catch_stop_signals();
// Back to the default actions.
void default_stop_signals();

}  // namespace dendrite::tools
