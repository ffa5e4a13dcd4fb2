// The route table (server.h ApiRoutes): the server core's routes and every area's.
#include "http/routes.h"
#include "http/server.h"

namespace dengbao::http {

std::vector<Route> ApiRoutes() {
  std::vector<Route> all = CoreRoutes();
  for (auto part : {CatalogRoutes(), SystemRoutes(), RoundRoutes(), ItemRoutes(), EvidenceRoutes(),
                    AdminRoutes(), OperationsRoutes()})
    for (auto& r : part) all.push_back(std::move(r));
  return all;
}

}  // namespace dengbao::http
