// Test support: the PostgreSQL server for a test binary and a fixture parameterised over the
// two backends, so every store-level suite (store_conformance, service_conformance) runs the same
// tests on SQLite and on a real PostgreSQL server. The PostgreSQL half uses $DENGBAO_TEST_PG_URL
// when set; otherwise it starts a throwaway server with scripts/pg-test-server.sh once per binary.
// If no server can be had the PostgreSQL tests fail, unless DENGBAO_NO_PG=1 (then they skip).
// Any number of .cc files of one binary may include it: the environment is an inline variable,
// registered once.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/connection.h"
#include "store/store.h"

namespace dengbao::store::testing {

namespace fs = std::filesystem;

inline std::string Run(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    *status = -1;
    return out;
  }
  std::array<char, 512> buf{};
  while (fgets(buf.data(), buf.size(), p) != nullptr) out += buf.data();
  *status = pclose(p);
  return out;
}

inline bool NoPg() {
  const char* v = std::getenv("DENGBAO_NO_PG");
  return v != nullptr && std::string(v) == "1";
}

// Holds the PostgreSQL URL for the run, starting and stopping a server when needed.
class PgServer : public ::testing::Environment {
 public:
  static std::string url;
  static std::string error;

  void SetUp() override {
    if (NoPg()) return;
    if (const char* u = std::getenv("DENGBAO_TEST_PG_URL"); u != nullptr && *u != '\0') {
      url = u;
      return;
    }
    int status = 0;
    std::string out = Run(std::string(DENGBAO_SOURCE_DIR) + "/scripts/pg-test-server.sh start", &status);
    auto nl = out.find('\n');
    if (status != 0 || nl == std::string::npos) {
      error = "scripts/pg-test-server.sh start failed (exit " + std::to_string(status) + "): " + out;
      return;
    }
    url = out.substr(0, nl);
    dir_ = out.substr(nl + 1);
    while (!dir_.empty() && dir_.back() == '\n') dir_.pop_back();
  }
  void TearDown() override {
    if (dir_.empty()) return;
    int status = 0;
    Run(std::string(DENGBAO_SOURCE_DIR) + "/scripts/pg-test-server.sh stop '" + dir_ + "'", &status);
  }

 private:
  std::string dir_;
};
inline std::string PgServer::url;
inline std::string PgServer::error;
// gtest takes ownership of the environment.
inline const auto* const kPgEnv = ::testing::AddGlobalTestEnvironment(std::make_unique<PgServer>().release());

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      std::ranges::replace(name, '/', '_');  // "Test/sqlite"
      dir_ = fs::temp_directory_path() / ("dengbao-store-test-" + std::to_string(::getpid()) + "-" + name);
      fs::remove_all(dir_);
      fs::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "test.db").string();
    } else {
      if (NoPg()) GTEST_SKIP() << "DENGBAO_NO_PG=1";
      ASSERT_FALSE(PgServer::url.empty()) << "no PostgreSQL server: " << PgServer::error;
      url_ = PgServer::url;
      auto raw = Raw();
      ASSERT_TRUE(raw);
      ASSERT_TRUE((*raw)->Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::unique_ptr<Store> Open() {
    auto s = OpenStore(url_);
    EXPECT_TRUE(s) << (s ? "" : s.error().ToString());
    return s ? std::move(*s) : nullptr;
  }
  // A second connection that bypasses the Store, as someone editing the database would.
  Result<std::unique_ptr<Connection>> Raw() {
    if (GetParam() == "sqlite") return OpenSqlite(url_.substr(7));
    return OpenPostgres(url_);
  }
  void RawExec(const std::string& sql) {
    auto raw = Raw();
    ASSERT_TRUE(raw) << raw.error().ToString();
    auto st = (*raw)->Exec(sql);
    ASSERT_TRUE(st) << st.error().ToString();
  }
  int64_t Count(const std::string& table) {
    auto raw = Raw();
    if (!raw) return -1;
    auto rows = (*raw)->Query("SELECT count(*) FROM " + table, {});
    if (!rows) return -1;
    return std::stoll(*(*rows)[0][0]);
  }

  fs::path dir_;
  std::string url_;
};

}  // namespace dengbao::store::testing
