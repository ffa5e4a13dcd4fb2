#include "report/document.h"

#include <algorithm>
#include <sstream>

#include "report/ooxml/docx_writer.h"

namespace dengbao::report {

namespace {

Block Make(Block::Kind kind) {
  Block b;
  b.kind = kind;
  return b;
}

}  // namespace

void Doc::Heading(int level, std::string text) {
  Block b = Make(Block::Kind::kHeading);
  b.level = level;
  b.text = std::move(text);
  blocks.push_back(std::move(b));
}

void Doc::Paragraph(std::string text, bool bold) {
  Block b = Make(Block::Kind::kParagraph);
  b.text = std::move(text);
  b.bold = bold;
  blocks.push_back(std::move(b));
}

void Doc::Bullets(std::vector<std::string> items) {
  Block b = Make(Block::Kind::kBullets);
  b.items = std::move(items);
  blocks.push_back(std::move(b));
}

void Doc::Table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
                std::vector<double> widths_cm) {
  Block b = Make(Block::Kind::kTable);
  b.table.header = std::move(header);
  b.table.rows = std::move(rows);
  b.table.widths_cm = std::move(widths_cm);
  blocks.push_back(std::move(b));
}

void Doc::PageBreak() { blocks.push_back(Make(Block::Kind::kPageBreak)); }

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// Markdown table cells: pipes escaped, line breaks as <br>, other markup characters escaped.
std::string MdCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += "<br>";
    else if (c == '\r')
      continue;
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string MdText(std::string_view s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '#' || c == '>' || c == '-' || c == '+' || c == '*')) out += '\\';
    if (c == '<')
      out += "&lt;";
    else if (c == '>' && !line_start)
      out += "&gt;";
    else if (c == '\n')
      out += "  \n";
    else
      out += c;
    line_start = c == '\n';
  }
  return out;
}

std::string HtmlMultiline(std::string_view s) {
  std::string e = HtmlEscape(s);
  std::string out;
  for (char c : e) out += c == '\n' ? std::string("<br>") : std::string(1, c);
  return out;
}

}  // namespace

std::string RenderMarkdown(const Doc& doc) {
  std::ostringstream md;
  md << "# " << MdText(doc.title) << "\n\n";
  for (const auto& s : doc.subtitle) md << MdText(s) << "  \n";
  md << "\n";
  for (const auto& b : doc.blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        md << std::string(static_cast<size_t>(std::clamp(b.level, 1, 5) + 1), '#') << " " << MdText(b.text)
           << "\n\n";
        break;
      case Block::Kind::kParagraph:
        md << (b.bold ? "**" : "") << MdText(b.text) << (b.bold ? "**" : "") << "\n\n";
        break;
      case Block::Kind::kBullets:
        for (const auto& i : b.items) md << "- " << MdCell(i) << "\n";
        md << "\n";
        break;
      case Block::Kind::kTable: {
        const auto& t = b.table;
        size_t cols = t.header.size();
        for (const auto& r : t.rows) cols = std::max(cols, r.size());
        if (cols == 0) break;
        md << "|";
        for (size_t c = 0; c < cols; ++c)
          md << " " << (c < t.header.size() ? MdCell(t.header[c]) : "") << " |";
        md << "\n|";
        for (size_t c = 0; c < cols; ++c) md << " --- |";
        md << "\n";
        for (const auto& r : t.rows) {
          md << "|";
          for (size_t c = 0; c < cols; ++c) md << " " << (c < r.size() ? MdCell(r[c]) : "") << " |";
          md << "\n";
        }
        md << "\n";
        break;
      }
      case Block::Kind::kPageBreak:
        md << "---\n\n";
        break;
    }
  }
  return md.str();
}

std::string RenderHtml(const Doc& doc) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
       "'unsafe-inline'\">\n"
    << "<title>" << HtmlEscape(doc.title) << "</title>\n<style>\n"
    << "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif;margin:2em auto;"
       "max-width:1100px;padding:0 1em;color:#222;line-height:1.6}\n"
    << "h1{text-align:center}h2{border-bottom:2px solid #c00;padding-bottom:.2em;margin-top:2em}\n"
    << "table{border-collapse:collapse;width:100%;margin:1em 0;font-size:14px}"
       "th,td{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:left}"
       "th{background:#eef2f7}tr:nth-child(even) td{background:#fafafa}\n"
    << ".subtitle{text-align:center;color:#555}.pb{page-break-after:always}"
       "@media print{body{margin:0;max-width:none}}\n"
    << "</style>\n</head>\n<body>\n<h1>" << HtmlEscape(doc.title) << "</h1>\n";
  for (const auto& s : doc.subtitle) h << "<p class=\"subtitle\">" << HtmlEscape(s) << "</p>\n";
  for (const auto& b : doc.blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading: {
        int level = std::clamp(b.level, 1, 4) + 1;
        h << "<h" << level << ">" << HtmlEscape(b.text) << "</h" << level << ">\n";
        break;
      }
      case Block::Kind::kParagraph:
        h << "<p>" << (b.bold ? "<strong>" : "") << HtmlMultiline(b.text) << (b.bold ? "</strong>" : "")
          << "</p>\n";
        break;
      case Block::Kind::kBullets:
        h << "<ul>\n";
        for (const auto& i : b.items) h << "<li>" << HtmlMultiline(i) << "</li>\n";
        h << "</ul>\n";
        break;
      case Block::Kind::kTable:
        h << "<table>\n";
        if (!b.table.header.empty()) {
          h << "<thead><tr>";
          for (const auto& c : b.table.header) h << "<th>" << HtmlEscape(c) << "</th>";
          h << "</tr></thead>\n";
        }
        h << "<tbody>\n";
        for (const auto& r : b.table.rows) {
          h << "<tr>";
          for (const auto& c : r) h << "<td>" << HtmlMultiline(c) << "</td>";
          h << "</tr>\n";
        }
        h << "</tbody>\n</table>\n";
        break;
      case Block::Kind::kPageBreak:
        h << "<div class=\"pb\"></div>\n";
        break;
    }
  }
  h << "</body>\n</html>\n";
  return h.str();
}

Result<std::string> RenderDocx(const Doc& doc) {
  ooxml::Document d;
  d.properties.title = doc.title;
  d.properties.creator = doc.author;
  d.properties.created = doc.created;
  d.AddTitleBlock(doc.title, doc.subtitle);
  for (const auto& b : doc.blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        d.AddHeading(b.level, b.text);
        break;
      case Block::Kind::kParagraph:
        d.AddParagraph(b.text, b.bold);
        break;
      case Block::Kind::kBullets:
        d.AddBulletList(b.items);
        break;
      case Block::Kind::kTable:
        d.AddTable({b.table.header, b.table.rows, b.table.widths_cm});
        break;
      case Block::Kind::kPageBreak:
        d.AddPageBreak();
        break;
    }
  }
  return ooxml::WriteDocx(d);
}

}  // namespace dengbao::report
