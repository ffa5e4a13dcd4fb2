// The package parts every OOXML file shares (OPC, ECMA-376 part 2): [Content_Types].xml, the
// root relationships, and the core and extended document properties. Stateless.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace dengbao::ooxml {

// Shown in File > Properties. `created` is a W3CDTF UTC time such as "2025-01-31T08:00:00Z"; an
// empty one is left out, so the same document gives the same bytes.
struct DocumentProperties {
  std::string title;
  std::string subject;
  std::string creator;
  std::string created;
};

// kInvalidArgument unless `created` is empty or exactly "YYYY-MM-DDTHH:MM:SSZ".
Status CheckProperties(const DocumentProperties& props);

// [Content_Types].xml: defaults for .rels and .xml plus one override per (part name with
// leading '/', content type).
std::string ContentTypesXml(const std::vector<std::pair<std::string, std::string>>& overrides);

// _rels/.rels pointing at the main part (e.g. "xl/workbook.xml") and the two property parts.
std::string RootRelsXml(const std::string& main_part);

std::string CorePropertiesXml(const DocumentProperties& props);
std::string AppPropertiesXml();

// One <Relationship> element; `type` is the last segment of the officeDocument relationship
// namespace (e.g. "worksheet", "styles").
std::string RelationshipXml(const std::string& id, const std::string& type, const std::string& target);

constexpr const char* kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kRelsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kOfficeRelsNamespace =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

}  // namespace dengbao::ooxml
