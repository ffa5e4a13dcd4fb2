// The route table (server.h ApiRoutes). For now only the server core's routes; the API's
// resource routes are added here.
#include "http/server.h"

namespace dengbao::http {

std::vector<Route> ApiRoutes() { return CoreRoutes(); }

}  // namespace dengbao::http
