// parse_proc_conntrack and compare_tables: /proc/net/nf_conntrack lines (format of ct_seq_show) to JSON,
// and the entry-by-entry comparison of two tables.
#include "conntrack_table.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <fmt/core.h>
#include <map>
#include <optional>
#include <sstream>

namespace ctsh::kerneltest {

namespace {

using nlohmann::json;

std::optional<long long> to_number(std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The same address in inet_ntop's form, so "fd00:0111:0000:..." and "fd00:111::" compare equal.
std::string canonical_address(const std::string& text) {
  const int family = text.find(':') == std::string::npos ? AF_INET : AF_INET6;
  unsigned char bytes[16];
  char printed[INET6_ADDRSTRLEN];
  if (inet_pton(family, text.c_str(), bytes) != 1 || !inet_ntop(family, bytes, printed, sizeof printed)) return text;
  return printed;
}

std::optional<json> parse_line(const std::string& line) {
  std::istringstream words(line);
  std::vector<std::string> tokens;
  for (std::string word; words >> word;) tokens.push_back(word);
  if (tokens.size() < 6) return std::nullopt;
  json entry;
  entry["family"] = tokens[0];
  entry["protocol"] = tokens[2];
  const auto timeout = to_number(tokens[4]);
  if (!timeout) return std::nullopt;
  entry["timeout"] = *timeout;
  entry["state"] = nullptr;
  json tuples[2] = {json::object(), json::object()};
  int direction = -1;
  bool unreplied = false;
  bool assured = false;
  entry["mark"] = 0;
  entry["zone"] = 0;
  entry["helper"] = nullptr;
  for (std::size_t i = 5; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    const auto equals = token.find('=');
    if (equals == std::string::npos) {
      if (token == "[UNREPLIED]") unreplied = true;
      else if (token == "[ASSURED]") assured = true;
      else if (i == 5) entry["state"] = token;
      continue;
    }
    const std::string key = token.substr(0, equals);
    const std::string value = token.substr(equals + 1);
    if (key == "src" && direction < 1) ++direction;
    if (key == "mark" || key == "zone") {
      entry[key] = to_number(value).value_or(0);
    } else if (key == "helper") {
      entry[key] = value;
    } else if ((key == "src" || key == "dst") && direction >= 0) {
      tuples[direction][key] = canonical_address(value);
    } else if ((key == "sport" || key == "dport" || key == "type" || key == "code" || key == "id") && direction >= 0) {
      tuples[direction][key] = to_number(value).value_or(-1);
    }
  }
  if (direction != 1) return std::nullopt;
  entry["original"] = tuples[0];
  entry["reply"] = tuples[1];
  json status = json::array({"CONFIRMED"});
  if (!unreplied) status.push_back("SEEN_REPLY");
  if (assured) status.push_back("ASSURED");
  entry["status"] = status;
  return entry;
}

json canonical_tuple(const json& tuple) {
  json result = json::object();
  for (const auto& [key, value] : tuple.items()) {
    if (key == "packets" || key == "bytes") continue;
    result[key] = (key == "src" || key == "dst") && value.is_string() ? json(canonical_address(value.get<std::string>())) : value;
  }
  return result;
}

std::string key_of(const json& entry) {
  return fmt::format("{} {} {} {}", entry.value("family", "?"), entry.value("protocol", "?"),
                     canonical_tuple(entry.value("original", json::object())).dump(),
                     canonical_tuple(entry.value("reply", json::object())).dump());
}

bool has_status(const json& entry, std::string_view bit) {
  const auto status = entry.find("status");
  if (status == entry.end() || !status->is_array()) return false;
  return std::any_of(status->begin(), status->end(), [&](const json& value) { return value.is_string() && value.get<std::string>() == bit; });
}

// The fields the comparison looks at, for side-by-side messages.
std::string summary(const json& entry) {
  return fmt::format("{} {} {} timeout={} orig={} reply={} status={}", entry.value("family", "?"), entry.value("protocol", "?"),
                     entry.contains("state") && entry["state"].is_string() ? entry["state"].get<std::string>() : "-",
                     entry.contains("timeout") ? entry["timeout"].dump() : "?", canonical_tuple(entry.value("original", json::object())).dump(),
                     canonical_tuple(entry.value("reply", json::object())).dump(), entry.value("status", json::array()).dump());
}

std::vector<std::string> differences(const json& kernel, const json& engine) {
  std::vector<std::string> found;
  if (kernel.value("state", json()) != engine.value("state", json())) found.push_back("state");
  for (const char* bit : {"SEEN_REPLY", "ASSURED"}) {
    if (has_status(kernel, bit) != has_status(engine, bit)) found.push_back(bit);
  }
  const auto kernel_timeout = kernel.value("timeout", json());
  const auto engine_timeout = engine.value("timeout", json());
  if (!kernel_timeout.is_number() || !engine_timeout.is_number() ||
      std::abs(kernel_timeout.get<double>() - engine_timeout.get<double>()) > 1.0) {
    found.push_back("timeout");
  }
  return found;
}

}  // namespace

json parse_proc_conntrack(std::string_view text) {
  json entries = json::array();
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    if (auto entry = parse_line(line)) entries.push_back(std::move(*entry));
  }
  return json{{"entries", entries}};
}

json entries_of_family(const json& table, std::string_view family) {
  json entries = json::array();
  for (const auto& entry : table.value("entries", json::array())) {
    if (entry.value("family", "") == family) entries.push_back(entry);
  }
  return json{{"entries", entries}};
}

std::vector<std::string> compare_tables(const json& kernel, const json& engine) {
  std::map<std::string, json> engine_by_key;
  for (const auto& entry : engine.value("entries", json::array())) engine_by_key.emplace(key_of(entry), entry);
  std::vector<std::string> report;
  for (const auto& entry : kernel.value("entries", json::array())) {
    const auto match = engine_by_key.find(key_of(entry));
    if (match == engine_by_key.end()) {
      report.push_back(fmt::format("only in the kernel:\n  kernel: {}\n  engine: (none)", summary(entry)));
      continue;
    }
    const auto differing = differences(entry, match->second);
    if (!differing.empty()) {
      std::string fields;
      for (const auto& field : differing) fields += (fields.empty() ? "" : ", ") + field;
      report.push_back(fmt::format("{} differ:\n  kernel: {}\n  engine: {}", fields, summary(entry), summary(match->second)));
    }
    engine_by_key.erase(match);
  }
  for (const auto& [key, entry] : engine_by_key) {
    report.push_back(fmt::format("only in the engine:\n  kernel: (none)\n  engine: {}", summary(entry)));
  }
  return report;
}

}  // namespace ctsh::kerneltest
