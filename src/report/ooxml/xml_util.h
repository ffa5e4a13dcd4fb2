// Small helpers shared by the OOXML writers and reader: XML 1.0 escaping of arbitrary UTF-8 and
// name matching that ignores namespace prefixes. Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dengbao::ooxml {

// Makes `s` safe as XML 1.0 character data: escapes & < > and ", replaces invalid UTF-8 with
// U+FFFD and drops characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE,
// U+FFFF). CR is written as &#13; so a parser keeps it.
std::string XmlText(std::string_view s);

// As XmlText, for an attribute value: tab, LF and CR also become character references, because
// a parser would otherwise normalise them to spaces.
std::string XmlAttr(std::string_view s);

// The same text with invalid UTF-8 replaced and forbidden characters dropped, not escaped.
std::string CleanXmlChars(std::string_view s);

// Length of valid UTF-8 `s` in UTF-16 code units (what Excel counts for its text limits).
size_t Utf16Length(std::string_view s);

// Cuts valid UTF-8 `s` to at most `max_units` UTF-16 code units without splitting a character.
std::string TruncateUtf16(std::string_view s, size_t max_units);

// "w:t" -> "t"; "t" -> "t". Readers compare local names so any namespace prefix is accepted.
std::string_view LocalName(std::string_view qualified);

}  // namespace dengbao::ooxml
