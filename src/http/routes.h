// The API's route tables, one function per area (each defined in its routes_*.cc); ApiRoutes()
// (api_routes.cc) concatenates them with the server core's routes.
#pragma once

#include <vector>

#include "http/api.h"

namespace dengbao::http {

std::vector<Route> CatalogRoutes();     // routes_domain.cc
std::vector<Route> SystemRoutes();      // routes_domain.cc
std::vector<Route> RoundRoutes();       // routes_domain.cc
std::vector<Route> ItemRoutes();        // routes_domain.cc
std::vector<Route> EvidenceRoutes();    // routes_domain.cc
std::vector<Route> AdminRoutes();       // routes_admin.cc: users, audit, dashboard, due, self-check
std::vector<Route> OperationsRoutes();  // routes_ops.cc: inspections, hazards, incidents, drills, training

}  // namespace dengbao::http
