#include "report/ooxml/package.h"

#include "report/ooxml/xml_util.h"

namespace dengbao::ooxml {

Status CheckProperties(const DocumentProperties& props) {
  const std::string& t = props.created;
  if (t.empty()) return {};
  // Positions of the fixed characters in "YYYY-MM-DDTHH:MM:SSZ"; every other one is a digit.
  static constexpr std::string_view kShape = "0000-00-00T00:00:00Z";
  bool ok = t.size() == kShape.size();
  for (size_t i = 0; ok && i < t.size(); ++i)
    ok = kShape[i] == '0' ? (t[i] >= '0' && t[i] <= '9') : t[i] == kShape[i];
  if (!ok)
    return MakeError(ErrorCode::kInvalidArgument,
                     "创建时间格式应为 YYYY-MM-DDTHH:MM:SSZ (created must be W3CDTF UTC): '" + t + "'");
  return {};
}

std::string ContentTypesXml(const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::string x = kXmlDeclaration;
  x += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">";
  x += "<Default Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>";
  x += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>";
  for (const auto& [part, type] : overrides)
    x += "<Override PartName=\"" + XmlAttr(part) + "\" ContentType=\"" + XmlAttr(type) + "\"/>";
  x += "<Override PartName=\"/docProps/core.xml\" "
       "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>";
  x += "<Override PartName=\"/docProps/app.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>";
  x += "</Types>";
  return x;
}

std::string RelationshipXml(const std::string& id, const std::string& type, const std::string& target) {
  return "<Relationship Id=\"" + XmlAttr(id) + "\" Type=\"" + kOfficeRelsNamespace + "/" + type +
         "\" Target=\"" + XmlAttr(target) + "\"/>";
}

std::string RootRelsXml(const std::string& main_part) {
  std::string x = kXmlDeclaration;
  x += std::string("<Relationships xmlns=\"") + kRelsNamespace + "\">";
  x += RelationshipXml("rId1", "officeDocument", main_part);
  x += "<Relationship Id=\"rId2\" "
       "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
       "Target=\"docProps/core.xml\"/>";
  x += RelationshipXml("rId3", "extended-properties", "docProps/app.xml");
  x += "</Relationships>";
  return x;
}

std::string CorePropertiesXml(const DocumentProperties& props) {
  std::string x = kXmlDeclaration;
  x += "<cp:coreProperties "
       "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
       "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
  if (!props.title.empty()) x += "<dc:title>" + XmlText(props.title) + "</dc:title>";
  if (!props.subject.empty()) x += "<dc:subject>" + XmlText(props.subject) + "</dc:subject>";
  if (!props.creator.empty()) {
    x += "<dc:creator>" + XmlText(props.creator) + "</dc:creator>";
    x += "<cp:lastModifiedBy>" + XmlText(props.creator) + "</cp:lastModifiedBy>";
  }
  if (!props.created.empty()) {
    x += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + XmlText(props.created) + "</dcterms:created>";
    x += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + XmlText(props.created) + "</dcterms:modified>";
  }
  x += "</cp:coreProperties>";
  return x;
}

std::string AppPropertiesXml() {
  std::string x = kXmlDeclaration;
  x += "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
       "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
       "<Application>Dengbao</Application></Properties>";
  return x;
}

}  // namespace dengbao::ooxml
