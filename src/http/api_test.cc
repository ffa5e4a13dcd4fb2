// Pure parts of the HTTP layer: path matching, OpenAPI, error mapping, downloads, cookies,
// rate limits, static file confinement, the self-signed certificate.
#include "http/api.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <set>

#include "http/internal.h"
#include "http/server.h"

namespace dengbao::http {
namespace {

struct MatchCase {
  std::string pattern;
  std::string path;
  bool matches;
  std::map<std::string, std::string> params;
};

TEST(MatchPattern, Table) {
  const std::vector<MatchCase> cases = {
      {"/api/v1/systems", "/api/v1/systems", true, {}},
      {"/api/v1/systems", "/api/v1/systems/", false, {}},
      {"/api/v1/systems", "/api/v1//systems", false, {}},
      {"/api/v1/systems", "/api/v1/system", false, {}},
      {"/api/v1/systems/{id}", "/api/v1/systems/his", true, {{"id", "his"}}},
      {"/api/v1/systems/{id}", "/api/v1/systems/", false, {}},
      {"/api/v1/systems/{id}", "/api/v1/systems/a/b", false, {}},
      {"/api/v1/items/{round}/{item}",
       "/api/v1/items/r1/L3-CES1-01",
       true,
       {{"round", "r1"}, {"item", "L3-CES1-01"}}},
      {"/api/v1/systems/{id}", "/api/v1/systems/%E5%8C%BB%E9%99%A2", true, {{"id", "医院"}}},
      {"/api/v1/systems/{id}", "/api/v1/systems/a%20b", true, {{"id", "a b"}}},
      {"/api/v1/systems/{id}", "/api/v1/systems/a+b", true, {{"id", "a+b"}}},
      // Literal segments compare after decoding too.
      {"/api/v1/systems", "/api/v1/%73ystems", true, {}},
      // Traversal and encoded separators never match.
      {"/api/v1/evidence/{id}", "/api/v1/evidence/..%2f..%2fetc%2fpasswd", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/%2e%2e", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/%2E", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/..", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/.", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/a%2fb", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/a%00b", false, {}},
      {"/api/v1/evidence/{a}/{b}", "/api/v1/evidence/../x", false, {}},
      // Malformed escapes.
      {"/api/v1/evidence/{id}", "/api/v1/evidence/%zz", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/abc%2", false, {}},
      {"/api/v1/evidence/{id}", "/api/v1/evidence/abc%", false, {}},
      {"/api/v1/systems", "api/v1/systems", false, {}},
      {"/api/v1/systems", "", false, {}},
  };
  for (const auto& c : cases) {
    std::map<std::string, std::string> params = {{"stale", "x"}};
    const bool got = MatchPattern(c.pattern, c.path, params);
    EXPECT_EQ(got, c.matches) << c.pattern << " vs " << c.path;
    if (c.matches && got) {
      EXPECT_EQ(params, c.params) << c.path;
    }
  }
}

TEST(StatusFor, Mapping) {
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(StatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kUsage), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kSyntax), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kValidation), 422);
  EXPECT_EQ(StatusFor(ErrorCode::kDuplicate), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kIntegrity), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(StatusFor(ErrorCode::kIo), 500);
  EXPECT_EQ(StatusFor(ErrorCode::kInternal), 500);
}

TEST(ErrorResponse, ShapeAndNoInternalDetails) {
  std::ostringstream log;
  SetLogStream(&log);
  const Response nf =
      ErrorResponse(Error{.code = ErrorCode::kNotFound, .detail = "系统 his", .where = {}}, "id");
  EXPECT_EQ(nf.status, 404);
  const auto j = nlohmann::json::parse(nf.body);
  EXPECT_EQ(j["error"]["code"], "NotFound");
  EXPECT_EQ(j["error"]["field"], "id");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("系统 his"), std::string::npos);

  const Response io =
      ErrorResponse(Error{.code = ErrorCode::kIo, .detail = "SELECT secret FROM /var/lib/x.db", .where = {}});
  EXPECT_EQ(io.status, 500);
  EXPECT_EQ(io.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(io.body.find("/var/lib"), std::string::npos);
  EXPECT_NE(io.body.find("服务器内部错误 (internal error)"), std::string::npos);
  // The hidden detail reaches the server log.
  EXPECT_NE(log.str().find("SELECT secret"), std::string::npos);
  SetLogStream(nullptr);
}

TEST(Request, JsonAndQuery) {
  Request r;
  r.body = "{\"a\": 1}";
  r.query.emplace("q", "x");
  ASSERT_TRUE(r.Json().has_value());
  EXPECT_EQ((*r.Json())["a"], 1);
  EXPECT_EQ(r.Query("q"), "x");
  EXPECT_EQ(r.Query("missing"), std::nullopt);
  r.body = "{bad";
  ASSERT_FALSE(r.Json().has_value());
  EXPECT_EQ(r.Json().error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.Json().error().detail.find("请求体不是有效的 JSON (invalid JSON)"), std::string::npos);
  r.body = "";
  EXPECT_FALSE(r.Json().has_value());
}

TEST(Response, FileWithChineseName) {
  const Response r =
      Response::File("PK..", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "测评报告 \"v1\".docx");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.at("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.headers.at("Content-Disposition"),
            "attachment; filename=\"____ _v1_.docx\"; "
            "filename*=UTF-8''%E6%B5%8B%E8%AF%84%E6%8A%A5%E5%91%8A%20%22v1%22.docx");
}

TEST(Response, JsonBodyReplacesInvalidUtf8) {
  const Response r = Response::JsonBody({{"s", std::string("a\xff"
                                                           "b")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("a\xef\xbf\xbd"
                        "b"),
            std::string::npos);
}

TEST(ChangesState, Methods) {
  EXPECT_FALSE(ChangesState("GET"));
  EXPECT_FALSE(ChangesState("HEAD"));
  EXPECT_FALSE(ChangesState("OPTIONS"));
  EXPECT_TRUE(ChangesState("POST"));
  EXPECT_TRUE(ChangesState("PUT"));
  EXPECT_TRUE(ChangesState("PATCH"));
  EXPECT_TRUE(ChangesState("DELETE"));
}

TEST(OpenApi, Structure) {
  std::vector<Route> routes = ApiRoutes();
  routes.push_back(Route{.method = "GET",
                         .pattern = "/api/v1/test/{round}/{item}",
                         .summary = "整改项 (item)",
                         .tag = "items",
                         .access = Access::kSession,
                         .roles = auth::Bit(auth::Role::kSecadmin) | auth::Bit(auth::Role::kViewer),
                         .handler = nullptr,
                         .request_schema = nullptr,
                         .response_schema = nullptr,
                         .query_params = {"status"}});
  const auto doc = OpenApi(routes, "1.2.3");
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], "1.2.3");
  EXPECT_FALSE(doc.contains("servers"));
  const auto& schemes = doc["components"]["securitySchemes"];
  EXPECT_EQ(schemes["sessionCookie"]["in"], "cookie");
  EXPECT_EQ(schemes["sessionCookie"]["name"], "dengbao_session");
  EXPECT_EQ(schemes["csrfHeader"]["in"], "header");
  EXPECT_EQ(schemes["csrfHeader"]["name"], "X-CSRF-Token");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));

  std::set<std::string> ids;
  for (const auto& r : routes) {
    std::string method(r.method);
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].contains(std::string(r.pattern))) << r.pattern;
    const auto& op = doc["paths"][std::string(r.pattern)][method];
    ASSERT_TRUE(op.is_object()) << r.pattern;
    EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second) << op["operationId"];
    EXPECT_EQ(op["summary"], r.summary);
    EXPECT_EQ(op["tags"][0], r.tag);
    for (const char* code : {"200", "400", "401", "403", "404", "429"}) {
      EXPECT_TRUE(op["responses"].contains(code)) << r.pattern << " " << code;
    }
    EXPECT_EQ(op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
              "#/components/schemas/Error");
    ASSERT_TRUE(op.contains("x-roles"));
    ASSERT_TRUE(op.contains("security"));
    if (r.access == Access::kPublic) {
      EXPECT_TRUE(op["security"].empty()) << r.pattern;
    } else {
      EXPECT_TRUE(op["security"][0].contains("sessionCookie")) << r.pattern;
      EXPECT_EQ(op["security"][0].contains("csrfHeader"), ChangesState(r.method)) << r.pattern;
      EXPECT_FALSE(op["x-roles"].empty());
    }
    EXPECT_EQ(op.contains("requestBody"), !r.request_schema.is_null()) << r.pattern;
  }
  EXPECT_EQ(ids.size(), routes.size());
  const auto& item = doc["paths"]["/api/v1/test/{round}/{item}"]["get"];
  EXPECT_EQ(item["operationId"], "getTestByRoundByItem");
  EXPECT_EQ(item["x-roles"], nlohmann::json({"secadmin", "viewer"}));
  ASSERT_EQ(item["parameters"].size(), 3U);
  EXPECT_EQ(item["parameters"][0]["name"], "round");
  EXPECT_EQ(item["parameters"][0]["in"], "path");
  EXPECT_EQ(item["parameters"][2]["name"], "status");
  EXPECT_EQ(item["parameters"][2]["in"], "query");
  EXPECT_EQ(doc["paths"]["/api/v1/auth/login"]["post"]["operationId"], "postAuthLogin");
}

TEST(OpenApi, DuplicateOperationIdsAreNumbered) {
  const std::vector<Route> routes = {
      Route{.method = "GET",
            .pattern = "/api/v1/a-b",
            .summary = "",
            .tag = "t",
            .access = Access::kSession,
            .roles = auth::kAnyRole,
            .handler = nullptr,
            .request_schema = nullptr,
            .response_schema = nullptr,
            .query_params = {}},
      Route{.method = "GET",
            .pattern = "/api/v1/a_b",
            .summary = "",
            .tag = "t",
            .access = Access::kSession,
            .roles = auth::kAnyRole,
            .handler = nullptr,
            .request_schema = nullptr,
            .response_schema = nullptr,
            .query_params = {}},
  };
  const auto doc = OpenApi(routes, "1");
  EXPECT_EQ(doc["paths"]["/api/v1/a-b"]["get"]["operationId"], "getAB");
  EXPECT_EQ(doc["paths"]["/api/v1/a_b"]["get"]["operationId"], "getAB2");
}

TEST(Cookies, SessionCookieAndParsing) {
  EXPECT_EQ(SessionCookie("tok", true, 3600),
            "dengbao_session=tok; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(SessionCookie("tok", false, 60),
            "dengbao_session=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
  EXPECT_EQ(ClearSessionCookie(true),
            "dengbao_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(CookieValue("a=1; dengbao_session=xyz; b=2", "dengbao_session"), "xyz");
  EXPECT_EQ(CookieValue("x_dengbao_session=1", "dengbao_session"), "");
  EXPECT_EQ(CookieValue("", "dengbao_session"), "");
  EXPECT_EQ(TargetPath("/a/b?token=secret"), "/a/b");
}

TEST(SecurityHeaders, ApiAndTls) {
  std::map<std::string, std::string> h;
  for (const auto& [k, v] : SecurityHeaders("/api/v1/x", true)) h[k] = v;
  EXPECT_EQ(h["X-Frame-Options"], "DENY");
  EXPECT_EQ(h["Cache-Control"], "no-store");
  EXPECT_EQ(h["Strict-Transport-Security"], "max-age=31536000");
  EXPECT_NE(h["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos);
  h.clear();
  for (const auto& [k, v] : SecurityHeaders("/index.html", false)) h[k] = v;
  EXPECT_FALSE(h.contains("Strict-Transport-Security"));
}

TEST(RateLimiter, BucketEmptiesAndRefills) {
  RateLimiter limit(3);
  EXPECT_EQ(limit.Take("a", 100.0), 0);
  EXPECT_EQ(limit.Take("a", 100.0), 0);
  EXPECT_EQ(limit.Take("a", 100.0), 0);
  const int wait = limit.Take("a", 100.0);
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 20);
  EXPECT_EQ(limit.Take("b", 100.0), 0);         // another key has its own bucket
  EXPECT_EQ(limit.Take("a", 100.0 + 20.0), 0);  // one token per 20 s at 3/min
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dengbao-http-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

using StaticFiles = TempDir;

TEST_F(StaticFiles, ServesInsideRootOnly) {
  std::filesystem::create_directories(dir_ / "www" / "assets");
  std::ofstream(dir_ / "www" / "index.html") << "<html>";
  std::ofstream(dir_ / "www" / "assets" / "app.js") << "js";
  std::ofstream(dir_ / "secret.txt") << "secret";
  std::filesystem::create_symlink(dir_ / "secret.txt", dir_ / "www" / "link.txt");
  const auto root = dir_ / "www";
  ASSERT_TRUE(StaticFile(root, "/").has_value());
  EXPECT_EQ(StaticFile(root, "/")->body, "<html>");
  EXPECT_EQ(StaticFile(root, "/")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(StaticFile(root, "/assets/app.js")->body, "js");
  EXPECT_FALSE(StaticFile(root, "/../secret.txt").has_value());
  EXPECT_FALSE(StaticFile(root, "/%2e%2e/secret.txt").has_value());
  EXPECT_FALSE(StaticFile(root, "/..%2fsecret.txt").has_value());
  EXPECT_FALSE(StaticFile(root, "/link.txt").has_value());
  EXPECT_FALSE(StaticFile(root, "/missing.js").has_value());
}

using SelfSigned = TempDir;

TEST_F(SelfSigned, CreatesP256CertificateAndReusesIt) {
  auto made = EnsureSelfSigned(dir_ / "state", "192.0.2.7");
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  const auto [cert_path, key_path] = *made;
  struct stat st{};
  ASSERT_EQ(stat(key_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);

  FILE* f = std::fopen(cert_path.c_str(), "r");
  ASSERT_NE(f, nullptr);
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(X509_get_version(cert), 2);
  EVP_PKEY* pub = X509_get0_pubkey(cert);
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(pub), EVP_PKEY_EC);
  EXPECT_EQ(EVP_PKEY_get_bits(pub), 256);
  EXPECT_EQ(X509_check_host(cert, "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert, "192.0.2.7", 0), 1);
  EXPECT_EQ(X509_verify(cert, pub), 1);  // self-signed
  X509_free(cert);

  std::ifstream in(cert_path);
  const std::string first((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto again = EnsureSelfSigned(dir_ / "state", "192.0.2.7");
  ASSERT_TRUE(again.has_value());
  std::ifstream in2(cert_path);
  const std::string second((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
  EXPECT_EQ(first, second);  // reused, not regenerated
}

}  // namespace
}  // namespace dengbao::http
