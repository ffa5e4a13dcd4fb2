#include "cli/command.h"

namespace dengbao::cli {

std::span<const CommandSpec> OperationsCommands() { return {}; }

}  // namespace dengbao::cli
