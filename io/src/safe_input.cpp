#include "safe_input.h"

#include <cstdio>

namespace labelstation::io::detail {

namespace {

// Length of the valid UTF-8 sequence at s[i] (2–4), or 0.
std::size_t utf8Length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (c >= 0xc2 && c <= 0xdf) n = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) n = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((at(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (at(i + k) & 0x3f);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0;
  if (cp >= 0x80 && cp < 0xa0) return 0;  // C1 controls
  return n;
}

// Printable ASCII and valid UTF-8 as they are, any other byte as \xNN; backslashes doubled when
// asked (quoted file bytes, so "\x41" in a file cannot pass for an escape); cut after `max` bytes.
std::string escaped(std::string_view bytes, std::size_t max, bool doubleBackslashes) {
  std::string out;
  out.reserve(std::min(bytes.size(), max) + 8);
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (out.size() >= max) {
      out += "…";
      break;
    }
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f) {
      if (c == '\\' && doubleBackslashes) out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (const std::size_t n = c >= 0x80 ? utf8Length(bytes, i) : 0) {
      out.append(bytes.substr(i, n));
      i += n;
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string printableMessage(std::string_view text) { return escaped(text, std::string::npos, false); }

std::string printable(std::string_view bytes, std::size_t max) { return escaped(bytes, max, true); }

void checkJsonDepth(std::string_view text, const std::string& name, int maxDepth) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth)
        throw IoError(name, "JSON nested deeper than " + std::to_string(maxDepth) + " levels (at byte " + std::to_string(i) + ")");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

std::string jsonErrorText(const std::exception& e) {
  std::string_view m = e.what();
  if (m.substr(0, 16) == "[json.exception.") {
    const std::size_t end = m.find("] ");
    if (end != std::string_view::npos) m.remove_prefix(end + 2);
  }
  return printable(m, 200);
}

nlohmann::json parseJson(std::string_view text, const std::string& name, const char* what) {
  checkJsonDepth(text, name);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw IoError(name, std::string(what) + ": " + jsonErrorText(e));
  }
}

nlohmann::ordered_json parseOrderedJson(std::string_view text, const std::string& name, const char* what) {
  checkJsonDepth(text, name);
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw IoError(name, std::string(what) + ": " + jsonErrorText(e));
  }
}

}  // namespace labelstation::io::detail
