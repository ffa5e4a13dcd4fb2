#include "cli/command.h"

namespace dengbao::cli {

std::span<const CommandSpec> IncidentCommands() { return {}; }

}  // namespace dengbao::cli
