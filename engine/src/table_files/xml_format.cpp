// `conntrack -L -o xml` (libnetfilter_conntrack's XML output), one <flow> per line as conntrack prints
// it, or laid out over several lines (xmllint --format):
//   <?xml version="1.0" encoding="utf-8"?>
//   <conntrack>
//   <flow><meta direction="original"><layer3 protonum="2" protoname="ipv4"><src>10.0.0.1</src>
//   <dst>10.0.0.2</dst></layer3><layer4 protonum="6" protoname="tcp"><sport>40000</sport>
//   <dport>80</dport></layer4></meta><meta direction="reply">...</meta><meta direction="independent">
//   <state>ESTABLISHED</state><timeout>119</timeout><mark>7</mark><use>1</use><assured/></meta></flow>
//   </conntrack>
// A small reader of just this shape: elements, attributes, text with the five predefined entities,
// the prolog and comments. Each flow is read into a bounded tree (no recursion), then interpreted.
#include <array>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "table_files/table_formats.hpp"

namespace ctsh::engine {
namespace {

constexpr std::size_t max_depth = 8;          // flow > meta > layer4 > sport is 4 deep
constexpr std::size_t max_nodes_per_flow = 256;
constexpr std::size_t max_attributes = 8;
constexpr std::uint64_t u16_max = std::numeric_limits<std::uint16_t>::max();
constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();

struct Node {
  std::string_view name;
  std::vector<std::pair<std::string_view, std::string_view>> attributes;
  std::string text;
  std::vector<std::size_t> children;  // indices into the flow's node list
  std::size_t line = 0;

  std::optional<std::string_view> attribute(std::string_view key) const {
    for (const auto& [name_of, value] : attributes) {
      if (name_of == key) return value;
    }
    return std::nullopt;
  }
};

struct XmlError {
  std::size_t line;
  std::string message;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':';
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Text with &lt; &gt; &amp; &quot; &apos; decoded.
std::expected<std::string, std::string> decoded(std::string_view text) {
  static constexpr std::pair<std::string_view, char> entities[] = {
      {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    if (text[at] != '&') {
      out += text[at++];
      continue;
    }
    bool known = false;
    for (const auto& [entity, character] : entities) {
      if (text.substr(at).starts_with(entity)) {
        out += character;
        at += entity.size();
        known = true;
        break;
      }
    }
    if (!known) return std::unexpected(fmt::format("unknown entity \"{}\"", text.substr(at, 8)));
  }
  return out;
}

// Walks the text tag by tag, counting lines.
class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : text_(text) {}

  struct Tag {
    enum class Kind : std::uint8_t { open, close, empty, end_of_text } kind = Kind::end_of_text;
    Node node;
  };

  // The text up to the next tag (or the end), then the tag itself; the prolog and comments are skipped.
  std::expected<Tag, XmlError> next(std::string& text_before) {
    text_before.clear();
    while (true) {
      const std::size_t open = text_.find('<', at_);
      const std::size_t stop = open == std::string_view::npos ? text_.size() : open;
      auto text = decoded(text_.substr(at_, stop - at_));
      if (!text) return std::unexpected(XmlError{line_, text.error()});
      text_before += *text;
      advance_to(stop);
      if (at_ >= text_.size()) return Tag{};
      const std::string_view rest = text_.substr(at_);
      if (rest.starts_with("<?")) {
        if (!skip_past("?>", 2)) return unterminated("<?");
      } else if (rest.starts_with("<!--")) {
        if (!skip_past("-->", 4)) return unterminated("<!--");
      } else {
        return read_tag();
      }
    }
  }
  std::size_t line() const { return line_; }

 private:
  std::expected<Tag, XmlError> unterminated(std::string_view what) const {
    return std::unexpected(XmlError{line_, fmt::format("\"{}\" is not closed", what)});
  }
  bool skip_past(std::string_view end, std::size_t start_length) {
    const std::size_t found = text_.find(end, at_ + start_length);
    if (found == std::string_view::npos) return false;
    advance_to(found + end.size());
    return true;
  }
  void advance_to(std::size_t position) {
    for (; at_ < position; ++at_) {
      if (text_[at_] == '\n') ++line_;
    }
  }
  void skip_spaces() {
    while (at_ < text_.size() && is_space(text_[at_])) advance_to(at_ + 1);
  }
  std::string_view read_name() {
    const std::size_t start = at_;
    while (at_ < text_.size() && is_name_char(text_[at_])) ++at_;
    return text_.substr(start, at_ - start);
  }

  std::expected<Tag, XmlError> read_tag() {
    Tag tag;
    tag.node.line = line_;
    ++at_;  // '<'
    const bool closing = at_ < text_.size() && text_[at_] == '/';
    if (closing) ++at_;
    tag.node.name = read_name();
    if (tag.node.name.empty()) return std::unexpected(XmlError{line_, "a tag without a name"});
    while (true) {
      skip_spaces();
      if (at_ >= text_.size()) return unterminated(fmt::format("<{}", tag.node.name));
      const char c = text_[at_];
      if (c == '>') {
        ++at_;
        tag.kind = closing ? Tag::Kind::close : Tag::Kind::open;
        return tag;
      }
      if (c == '/' && !closing && at_ + 1 < text_.size() && text_[at_ + 1] == '>') {
        at_ += 2;
        tag.kind = Tag::Kind::empty;
        return tag;
      }
      if (closing) return std::unexpected(XmlError{line_, fmt::format("</{}> has attributes", tag.node.name)});
      const std::string_view key = read_name();
      if (key.empty() || at_ + 1 >= text_.size() || text_[at_] != '=' || text_[at_ + 1] != '"') {
        return std::unexpected(XmlError{line_, fmt::format("a bad attribute in <{}>", tag.node.name)});
      }
      at_ += 2;
      const std::size_t end = text_.find('"', at_);
      if (end == std::string_view::npos) return unterminated(fmt::format("<{} {}=\"", tag.node.name, key));
      if (tag.node.attributes.size() == max_attributes) {
        return std::unexpected(XmlError{line_, fmt::format("<{}> has too many attributes", tag.node.name)});
      }
      tag.node.attributes.emplace_back(key, text_.substr(at_, end - at_));
      advance_to(end + 1);
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t line_ = 1;
};

// Interprets one flow's tree (nodes[0] is the <flow>).
class FlowReader {
 public:
  explicit FlowReader(const std::vector<Node>& nodes) : nodes_(nodes) {}

  std::expected<TableFileEntry, XmlError> read() {
    TableFileEntry entry;
    entry.line = nodes_[0].line;
    entry.flow.status = status_seen_reply;
    bool directions[3] = {false, false, false};
    for (const std::size_t child : nodes_[0].children) {
      const Node& meta = nodes_[child];
      const auto direction = meta.attribute("direction");
      if (meta.name != "meta" || !direction) return fail(meta, "expected <meta direction=\"...\"> in <flow>");
      std::expected<void, XmlError> read = {};
      if (*direction == "original" && !directions[0]) {
        directions[0] = true;
        read = read_tuple(meta, entry, 0);
      } else if (*direction == "reply" && !directions[1]) {
        directions[1] = true;
        read = read_tuple(meta, entry, 1);
      } else if (*direction == "independent" && !directions[2]) {
        directions[2] = true;
        read = read_independent(meta, entry);
      } else {
        return fail(meta, fmt::format("<meta direction=\"{}\"> is unknown or given twice", *direction));
      }
      if (!read) return std::unexpected(read.error());
    }
    if (!directions[0] || !directions[1]) return fail(nodes_[0], "a <flow> needs an original and a reply <meta>");
    if (!timeout_seen_) return fail(nodes_[0], "a <flow> without <timeout>");
    if (has_state(entry.flow.protocol) && entry.flow.state.empty()) return fail(nodes_[0], "a <flow> without <state>");
    if (counters_[0].has_value() != counters_[1].has_value()) return fail(nodes_[0], "<counters> in one direction only");
    if (counters_[0]) entry.flow.counters = std::array<FlowCounters, 2>{*counters_[0], *counters_[1]};
    for (const std::uint16_t zone : zones_) {
      if (zone != 0 && entry.flow.zone == 0) entry.flow.zone = zone;
    }
    if (auto finished = finish_entry(entry, helper_); !finished) return fail(nodes_[0], finished.error());
    return entry;
  }

 private:
  std::unexpected<XmlError> fail(const Node& node, std::string message) const {
    return std::unexpected(XmlError{node.line, std::move(message)});
  }

  std::expected<std::uint64_t, XmlError> number(const Node& node, std::uint64_t max) const {
    const auto value = parse_number(trimmed(node.text), max);
    if (!value) return fail(node, fmt::format("<{}>{}</{}> is not a number from 0 to {}", node.name, node.text, node.name, max));
    return *value;
  }

  std::expected<void, XmlError> read_tuple(const Node& meta, TableFileEntry& entry, int direction) {
    FlowTuple& tuple = direction == 0 ? entry.flow.original : entry.flow.reply;
    bool layer3 = false, layer4 = false;
    for (const std::size_t child : meta.children) {
      const Node& node = nodes_[child];
      std::expected<void, XmlError> read = {};
      if (node.name == "layer3" && !layer3) {
        layer3 = true;
        read = read_layer3(node, tuple);
      } else if (node.name == "layer4" && !layer4) {
        layer4 = true;
        read = read_layer4(node, entry, tuple, direction);
      } else if (node.name == "zone") {
        auto zone = number(node, u16_max);
        if (!zone) return std::unexpected(zone.error());
        zones_[direction] = static_cast<std::uint16_t>(*zone);
      } else if (node.name == "counters" && !counters_[direction]) {
        read = read_counters(node, direction);
      } else {
        return fail(node, fmt::format("unexpected <{}> in <meta>", node.name));
      }
      if (!read) return std::unexpected(read.error());
    }
    if (!layer3 || !layer4) return fail(meta, "a tuple <meta> needs <layer3> and <layer4>");
    return {};
  }

  std::expected<void, XmlError> read_layer3(const Node& layer3, FlowTuple& tuple) const {
    const auto number_of = layer3.attribute("protonum");
    if (number_of != "2" && number_of != "10") return fail(layer3, "<layer3> needs protonum=\"2\" or \"10\"");
    bool src = false, dst = false;
    for (const std::size_t child : layer3.children) {
      const Node& node = nodes_[child];
      const bool is_src = node.name == "src" && !src;
      if (!is_src && (node.name != "dst" || dst)) return fail(node, fmt::format("unexpected <{}> in <layer3>", node.name));
      const auto address = parse_address(trimmed(node.text));
      const Family family = *number_of == "2" ? Family::ipv4 : Family::ipv6;
      if (!address || address->family != family) {
        return fail(node, fmt::format("<{}>{}</{}> is not an {} address", node.name, node.text, node.name,
                                      family == Family::ipv4 ? "IPv4" : "IPv6"));
      }
      (is_src ? tuple.src : tuple.dst) = *address;
      (is_src ? src : dst) = true;
    }
    if (!src || !dst) return fail(layer3, "<layer3> needs <src> and <dst>");
    return {};
  }

  std::expected<void, XmlError> read_layer4(const Node& layer4, TableFileEntry& entry, FlowTuple& tuple, int direction) {
    const auto number_text = layer4.attribute("protonum");
    const auto protocol = number_text ? parse_decimal(*number_text, 255) : std::nullopt;
    if (!protocol) return fail(layer4, "<layer4> needs protonum=\"N\"");
    const auto name = layer4.attribute("protoname").value_or("");
    const std::string_view expected = conntrack_protocol_name(static_cast<std::uint8_t>(*protocol));
    if (expected != "unknown" ? name != expected : protocol_by_name(name).has_value()) {
      return fail(layer4, fmt::format("protoname \"{}\" does not go with protonum {}", name, *protocol));
    }
    if (direction == 1 && *protocol != entry.flow.protocol) return fail(layer4, "the reply <layer4> names another protocol");
    entry.flow.protocol = static_cast<std::uint8_t>(*protocol);
    const TupleKind kind = tuple_kind(entry.flow.protocol);
    struct Field {
      std::string_view name;
      std::uint64_t max;
      bool seen;
    };
    std::array<Field, 3> fields{};
    switch (kind) {
      case TupleKind::ports: fields = {{{"sport", u16_max, false}, {"dport", u16_max, false}, {}}}; break;
      case TupleKind::keys: fields = {{{"srckey", u16_max, false}, {"dstkey", u16_max, false}, {}}}; break;
      case TupleKind::icmp: fields = {{{"type", 255, false}, {"code", 255, false}, {"id", u16_max, false}}}; break;
      case TupleKind::none: break;
    }
    for (const std::size_t child : layer4.children) {
      const Node& node = nodes_[child];
      Field* field = nullptr;
      for (Field& candidate : fields) {
        if (!candidate.name.empty() && candidate.name == node.name && !candidate.seen) field = &candidate;
      }
      if (!field) return fail(node, fmt::format("unexpected <{}> in <layer4 protoname=\"{}\">", node.name, name));
      auto value = number(node, field->max);
      if (!value) return std::unexpected(value.error());
      field->seen = true;
      const auto v = static_cast<std::uint16_t>(*value);
      const auto position = static_cast<std::size_t>(field - fields.data());
      if (kind == TupleKind::icmp) {
        if (position == 0) tuple.type = static_cast<std::uint8_t>(v);
        if (position == 1) tuple.code = static_cast<std::uint8_t>(v);
        if (position == 2) tuple.id = v;
      } else {
        (position == 0 ? tuple.sport : tuple.dport) = v;
      }
    }
    for (const Field& field : fields) {
      if (field.name.empty() || field.seen) continue;
      if (kind == TupleKind::icmp) {
        return fail(layer4, "an ICMP <layer4> without <type>, <code> and <id> (older conntrack XML leaves them out: "
                            "take conntrack -L or -o save output)");
      }
      return fail(layer4, fmt::format("<layer4> without <{}>", field.name));
    }
    return {};
  }

  std::expected<void, XmlError> read_counters(const Node& counters, int direction) {
    std::optional<std::uint64_t> packets, bytes;
    for (const std::size_t child : counters.children) {
      const Node& node = nodes_[child];
      auto& slot = node.name == "packets" ? packets : bytes;
      if ((node.name != "packets" && node.name != "bytes") || slot) {
        return fail(node, fmt::format("unexpected <{}> in <counters>", node.name));
      }
      auto value = number(node, u64_max);
      if (!value) return std::unexpected(value.error());
      slot = *value;
    }
    if (!packets || !bytes) return fail(counters, "<counters> needs <packets> and <bytes>");
    counters_[direction] = FlowCounters{*packets, *bytes};
    return {};
  }

  std::expected<void, XmlError> read_independent(const Node& meta, TableFileEntry& entry) {
    FlowView& flow = entry.flow;
    std::vector<std::string_view> seen;
    for (const std::size_t child : meta.children) {
      const Node& node = nodes_[child];
      for (const std::string_view earlier : seen) {
        if (earlier == node.name) return fail(node, fmt::format("<{}> is given twice", node.name));
      }
      seen.push_back(node.name);
      if (node.name == "state") {
        const auto state = state_by_name(flow.protocol, trimmed(node.text));
        if (!state) return fail(node, fmt::format("unknown {} state \"{}\"", conntrack_protocol_name(flow.protocol), node.text));
        flow.state = *state;
      } else if (node.name == "timeout" || node.name == "mark" || node.name == "zone") {
        auto value = number(node, node.name == "zone" ? u16_max : u32_max);
        if (!value) return std::unexpected(value.error());
        if (node.name == "timeout") {
          flow.timeout_seconds = static_cast<std::uint32_t>(*value);
          timeout_seen_ = true;
        } else if (node.name == "mark") {
          flow.mark = static_cast<std::uint32_t>(*value);
        } else {
          zones_[2] = static_cast<std::uint16_t>(*value);
        }
      } else if (node.name == "assured") {
        flow.status |= status_assured;
      } else if (node.name == "unreplied") {
        flow.status &= static_cast<std::uint16_t>(~status_seen_reply);
      } else if (node.name == "helper") {
        helper_ = trimmed(node.text);
        if (helper_.empty()) return fail(node, "<helper> names no helper");
      } else if (node.name == "secmark" || node.name == "use" || node.name == "id" || node.name == "deltatime") {
        if (auto value = number(node, u64_max); !value) return std::unexpected(value.error());
      } else if (node.name != "secctx" && node.name != "timestamp" && node.name != "labels" && node.name != "when") {
        return fail(node, fmt::format("unexpected <{}> in <meta direction=\"independent\">", node.name));
      }
    }
    return {};
  }

  const std::vector<Node>& nodes_;
  std::array<std::optional<FlowCounters>, 2> counters_;
  std::uint16_t zones_[3] = {0, 0, 0};  // original, reply, independent
  std::string helper_;
  bool timeout_seen_ = false;
};

}  // namespace

std::expected<std::vector<TableFileEntry>, TableFileError> parse_xml_table(std::string_view text) {
  std::vector<TableFileEntry> entries;
  XmlReader reader(text);
  std::vector<Node> nodes;       // the flow being read
  std::vector<std::size_t> open;  // its open elements
  bool in_root = false, root_closed = false;
  const auto error = [](std::size_t line, std::string message) {
    return std::unexpected(TableFileError{line, std::move(message)});
  };
  while (true) {
    std::string before;
    auto tag = reader.next(before);
    if (!tag) return error(tag.error().line, tag.error().message);
    if (!open.empty()) {
      nodes[open.back()].text += before;
    } else if (const std::string_view loose = trimmed(before); !loose.empty() && !is_conntrack_summary(loose)) {
      return error(reader.line(), fmt::format("text \"{}\" outside a <flow>", loose.substr(0, 40)));
    }
    using Kind = XmlReader::Tag::Kind;
    if (tag->kind == Kind::end_of_text) break;
    Node& node = tag->node;
    if (open.empty()) {
      // Outside a flow: <conntrack>, </conntrack> or a new <flow>.
      if (node.name == "conntrack" && tag->kind == Kind::open && !in_root && !root_closed && entries.empty()) {
        in_root = true;
      } else if (node.name == "conntrack" && tag->kind == Kind::close && in_root) {
        in_root = false;
        root_closed = true;
      } else if (node.name == "flow" && tag->kind == Kind::open && !root_closed) {
        nodes.clear();
        nodes.push_back(std::move(node));
        open.push_back(0);
      } else {
        return error(node.line, fmt::format("expected <flow>, found <{}{}>", tag->kind == Kind::close ? "/" : "", node.name));
      }
      continue;
    }
    if (tag->kind == Kind::close) {
      if (node.name != nodes[open.back()].name) {
        return error(node.line, fmt::format("</{}> closes <{}>", node.name, nodes[open.back()].name));
      }
      open.pop_back();
      if (open.empty()) {
        auto entry = FlowReader(nodes).read();
        if (!entry) return error(entry.error().line, entry.error().message);
        entries.push_back(std::move(*entry));
      }
      continue;
    }
    if (open.size() == max_depth || nodes.size() == max_nodes_per_flow) {
      return error(node.line, "a <flow> nested too deep or too large");
    }
    const std::size_t index = nodes.size();
    nodes[open.back()].children.push_back(index);
    const bool opens = tag->kind == Kind::open;
    nodes.push_back(std::move(node));
    if (opens) open.push_back(index);
  }
  if (!open.empty()) return error(nodes[open.back()].line, fmt::format("<{}> is not closed", nodes[open.back()].name));
  if (in_root) return error(reader.line(), "<conntrack> is not closed");
  return entries;
}

}  // namespace ctsh::engine
