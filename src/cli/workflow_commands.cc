#include "cli/command.h"

namespace dengbao::cli {

std::span<const CommandSpec> WorkflowCommands() { return {}; }

}  // namespace dengbao::cli
