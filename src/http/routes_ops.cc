// API routes for inspections, hazards, incidents, drills and training.
#include "http/routes.h"

namespace dengbao::http {

std::vector<Route> OperationsRoutes() { return {}; }

}  // namespace dengbao::http
