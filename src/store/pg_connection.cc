// The PostgreSQL driver over libpq. Parameters are sent as untyped text, so the server infers
// their types from the statement. Errors carry the server's message.
#include <libpq-fe.h>

#include "store/connection.h"

namespace dengbao::store {
namespace {

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  std::string_view Backend() const override { return "postgresql"; }
  // One writer at a time, as in SQLite: the audit chain needs a total order, and an advisory lock
  // held until the transaction ends gives it without depending on any table existing.
  std::string_view BeginSql() const override { return "BEGIN; SELECT pg_advisory_xact_lock(5005)"; }

  Status Exec(std::string_view sql) override {
    Res res(PQexec(conn_, std::string(sql).c_str()), PQclear);
    auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Fail(res.get());
    return {};
  }

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    Res res(PQexecParams(conn_, std::string(sql).c_str(), static_cast<int>(values.size()), nullptr,
                         values.data(), nullptr, nullptr, 0),
            PQclear);
    auto status = PQresultStatus(res.get());
    if (status == PGRES_COMMAND_OK) return std::vector<Row>{};
    if (status != PGRES_TUPLES_OK) return Fail(res.get());
    std::vector<Row> rows;
    int n = PQntuples(res.get()), cols = PQnfields(res.get());
    rows.reserve(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) {
      Row row;
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(
              std::string(PQgetvalue(res.get(), r, c), static_cast<size_t>(PQgetlength(res.get(), r, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  using Res = std::unique_ptr<PGresult, void (*)(PGresult*)>;

  std::unexpected<Error> Fail(const PGresult* res) {
    const char* msg = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn_);
    return MakeError(ErrorCode::kIo, std::string("PostgreSQL: ") + (msg != nullptr ? msg : "unknown error"));
  }

  PGconn* conn_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  auto conn = std::make_unique<PgConnection>(raw);  // PQfinish on every path below
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK)
    return MakeError(ErrorCode::kIo, std::string("无法连接 PostgreSQL (cannot connect): ") +
                                         (raw != nullptr ? PQerrorMessage(raw) : "out of memory"));
  // Quiet NOTICEs ("relation already exists, skipping") and pin the session to UTC.
  auto st = conn->Exec("SET client_min_messages = warning; SET TIME ZONE 'UTC';");
  if (!st) return std::unexpected(st.error());
  return conn;
}

}  // namespace dengbao::store
