// The evidence store: files attached as proof (screenshots, scanned sign-off sheets, exported
// configs), content-addressed by SHA-256 and deduplicated, size-limited and type-checked
// (ops/evidence_type.h), kept in the database so a backup holds them consistently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "service/service.h"

namespace dengbao::service {

// Stores the bytes (or finds them already stored) and returns the evidence record.
Result<Record> AddEvidence(Ctx& ctx, std::string_view bytes, std::string_view file_name);
// Attaches stored evidence to an owner key ("item:<round>/<id>", "hazard:<id>", …).
Status LinkEvidence(Ctx& ctx, const std::string& owner, const std::string& sha256, const std::string& name);
Result<std::vector<Record>> LinkedEvidence(Ctx& ctx, const std::string& owner);
// The stored bytes, checked against their digest (kIntegrity when they do not match).
Result<std::string> EvidenceBytes(Ctx& ctx, const std::string& sha256);

// Finalised reports: stored with their digest and never rewritten; storing again makes a new
// version. Returns the new record (without content).
Result<Record> FinaliseReport(Ctx& ctx, const std::string& id, const std::string& round_id,
                              const std::string& kind, const std::string& format, std::string_view bytes);
Result<std::vector<Record>> ListReports(Ctx& ctx, const std::string& id);
// The content of one version (latest when version is 0), checked against its digest.
Result<std::string> ReportBytes(Ctx& ctx, const std::string& id, int version);

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace dengbao::service
