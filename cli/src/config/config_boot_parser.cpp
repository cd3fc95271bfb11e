// parse_config_boot: VyOS's config.boot grammar (after vyos1x's lexer and parser), without recursion so
// that no input, however deep or malformed, can overflow the stack.
#include <optional>

#include <fmt/format.h>

#include "ctsh/cli/config_formats.hpp"

namespace ctsh::cli {
namespace {

// Deeper than any schema path; refusing here keeps every recursive walk of a tree shallow.
constexpr std::size_t kMaxDepth = 128;
constexpr std::size_t kShownWordLength = 40;

enum class TokenKind { word, left_brace, right_brace, newline, comment, end };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;  // a word's value (unquoted, unescaped) or a comment's text
  std::size_t line = 0;
};

using ParseResult = std::expected<void, FormatError>;

std::unexpected<FormatError> error_at(std::size_t line, std::string_view what) {
  return std::unexpected(FormatError{fmt::format("line {}: {}", line, what)});
}

// A word as an error message shows it: quoted, shortened, control bytes as \xNN.
std::string shown(std::string_view word) {
  std::string out = "\"";
  for (char c : word.substr(0, kShownWordLength)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) out += fmt::format("\\x{:02x}", byte);
    else out += c;
  }
  if (word.size() > kShownWordLength) out += "...";
  return out + "\"";
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::expected<Token, FormatError> next() {
    if (pushed_back_) return *std::exchange(pushed_back_, std::nullopt);
    skip_blanks_and_line_comments();
    Token token{.kind = TokenKind::end, .text = {}, .line = line_};
    if (pos_ >= text_.size()) return token;
    const char c = text_[pos_];
    if (c == '\0') return error_at(line_, "NUL byte in the file");
    if (c == '\n') {
      ++pos_;
      ++line_;
      token.kind = TokenKind::newline;
    } else if (c == '{' || c == '}') {
      ++pos_;
      token.kind = c == '{' ? TokenKind::left_brace : TokenKind::right_brace;
    } else if (text_.substr(pos_).starts_with("/*")) {
      if (auto comment = read_comment(); !comment) return std::unexpected(comment.error());
      else token = {TokenKind::comment, std::move(*comment), token.line};
    } else if (c == '"' || c == '\'') {
      if (auto value = read_quoted(c); !value) return std::unexpected(value.error());
      else token = {TokenKind::word, std::move(*value), token.line};
    } else {
      token = {TokenKind::word, read_bare(), token.line};
    }
    return token;
  }

  void push_back(Token token) { pushed_back_ = std::move(token); }

 private:
  void skip_blanks_and_line_comments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (text_.substr(pos_).starts_with("//")) {
        const auto end = text_.find('\n', pos_);
        pos_ = end == std::string_view::npos ? text_.size() : end;
      } else {
        return;
      }
    }
  }

  std::expected<std::string, FormatError> read_comment() {
    const std::size_t opened_on = line_;
    const auto end = text_.find("*/", pos_ + 2);
    if (end == std::string_view::npos) return error_at(opened_on, "comment \"/*\" is never closed with \"*/\"");
    const std::string_view body = text_.substr(pos_ + 2, end - pos_ - 2);
    if (body.find('\0') != std::string_view::npos) return error_at(opened_on, "NUL byte in a comment");
    for (char c : body) line_ += c == '\n' ? 1 : 0;
    pos_ = end + 2;
    return trimmed(body);
  }

  std::expected<std::string, FormatError> read_quoted(char quote) {
    const std::size_t opened_on = line_;
    std::string value;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        return value;
      }
      if (c == '\0') return error_at(line_, "NUL byte in a quoted value");
      if (c == '\n') ++line_;
      if (c != '\\') {
        value += c;
        continue;
      }
      if (++pos_ >= text_.size()) break;
      switch (const char escaped = text_[pos_]) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case '"': case '\'': case '\\': case '/': value += escaped; break;
        default:
          return error_at(line_, fmt::format("unknown escape {} in a quoted value (write \\\\ for a backslash)",
                                             shown(std::string{'\\', escaped})));
      }
    }
    return error_at(opened_on, fmt::format("quoted value opened with {} is never closed", quote));
  }

  std::string read_bare() {
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' || c == '}' || c == '\0') break;
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::optional<Token> pushed_back_;
};

struct OpenBlock {
  ConfigNode* node;
  Path path;
  std::size_t opened_on;
};

std::string duplicate_message(const Path& parent, std::string_view child) {
  if (parent.empty()) return fmt::format("the top level has two nodes named \"{}\"", child);
  return fmt::format("Node \"{}\" has two children named \"{}\"", join_path(parent), child);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { blocks_.push_back({&root_, {}, 0}); }

  std::expected<ConfigNode, FormatError> run() {
    while (true) {
      auto token = lexer_.next();
      if (!token) return std::unexpected(token.error());
      switch (token->kind) {
        case TokenKind::newline: break;
        case TokenKind::comment: pending_comment_ = std::move(token->text); break;
        case TokenKind::left_brace: return error_at(token->line, "'{' without a node name before it");
        case TokenKind::right_brace:
          if (blocks_.size() == 1) return error_at(token->line, "'}' without a block to close");
          blocks_.pop_back();
          pending_comment_.reset();
          break;
        case TokenKind::end:
          if (blocks_.size() > 1) {
            const OpenBlock& open = blocks_.back();
            return error_at(token->line, fmt::format("expected '}}' before end of file (\"{}\" opened on line {})",
                                                     join_path(open.path), open.opened_on));
          }
          return std::move(root_);
        case TokenKind::word:
          if (auto done = node_statement(std::move(*token)); !done) return std::unexpected(done.error());
          break;
      }
    }
  }

 private:
  // After a node's name: `{` opens a container; a value then `{` opens a tag value; a value or nothing
  // then the end of the line makes a leaf.
  ParseResult node_statement(Token name) {
    auto after_name = lexer_.next();
    if (!after_name) return std::unexpected(after_name.error());
    if (after_name->kind == TokenKind::left_brace) return open_container(name);
    if (after_name->kind != TokenKind::word) {
      if (auto ended = end_leaf(*after_name, name); !ended) return ended;
      return add_leaf_value(name, std::nullopt);
    }
    auto after_value = lexer_.next();
    if (!after_value) return std::unexpected(after_value.error());
    if (after_value->kind == TokenKind::left_brace) return open_tag_value(name, after_name->text);
    if (auto ended = end_leaf(*after_value, name); !ended) return ended;
    return add_leaf_value(name, std::move(after_name->text));
  }

  // A leaf ends at a newline, the end of the file, or (leniently) a `}` on the same line.
  ParseResult end_leaf(Token token, const Token& name) {
    if (token.kind == TokenKind::newline || token.kind == TokenKind::end || token.kind == TokenKind::right_brace) {
      lexer_.push_back(std::move(token));
      return {};
    }
    const std::string_view found = token.kind == TokenKind::word ? std::string_view(token.text) : "comment";
    return error_at(token.line, fmt::format("unexpected {} after {}: a line holds one node and at most one value",
                                            token.kind == TokenKind::word ? shown(found) : found,
                                            shown(name.text)));
  }

  ParseResult check_depth(std::size_t line) {
    if (blocks_.size() > kMaxDepth) {
      return error_at(line, fmt::format("blocks nested deeper than {} levels", kMaxDepth));
    }
    return {};
  }

  ParseResult open_container(const Token& name) {
    if (auto ok = check_depth(name.line); !ok) return ok;
    OpenBlock& parent = blocks_.back();
    auto [it, inserted] = parent.node->children.try_emplace(name.text);
    if (!inserted) return error_at(name.line, duplicate_message(parent.path, name.text));
    push_block(it->second, parent.path, {name.text}, name.line);
    return {};
  }

  ParseResult open_tag_value(const Token& name, const std::string& tag_value) {
    if (auto ok = check_depth(name.line); !ok) return ok;
    OpenBlock& parent = blocks_.back();
    auto [it, inserted] = parent.node->children.try_emplace(name.text);
    ConfigNode& tag = it->second;
    if (!inserted && !tag.is_tag) return error_at(name.line, duplicate_message(parent.path, name.text));
    tag.is_tag = true;
    auto [value_it, value_inserted] = tag.children.try_emplace(tag_value);
    if (!value_inserted) {
      Path tag_path = parent.path;
      tag_path.push_back(name.text);
      return error_at(name.line, duplicate_message(tag_path, tag_value));
    }
    push_block(value_it->second, parent.path, {name.text, tag_value}, name.line);
    return {};
  }

  void push_block(ConfigNode& node, const Path& parent_path, std::initializer_list<std::string> words,
                  std::size_t line) {
    node.comment = std::exchange(pending_comment_, std::nullopt);
    Path path = parent_path;
    path.insert(path.end(), words);
    blocks_.push_back({&node, std::move(path), line});
  }

  // Repeated leaf lines merge into one multi value, in file order.
  ParseResult add_leaf_value(const Token& name, std::optional<std::string> value) {
    OpenBlock& parent = blocks_.back();
    auto [it, inserted] = parent.node->children.try_emplace(name.text);
    ConfigNode& leaf = it->second;
    if (!inserted && !leaf.is_leaf) return error_at(name.line, duplicate_message(parent.path, name.text));
    leaf.is_leaf = true;
    if (value) leaf.values.push_back(std::move(*value));
    if (pending_comment_) leaf.comment = std::exchange(pending_comment_, std::nullopt);
    return {};
  }

  Lexer lexer_;
  ConfigNode root_;
  std::vector<OpenBlock> blocks_;
  std::optional<std::string> pending_comment_;
};

}  // namespace

std::expected<ConfigNode, FormatError> parse_config_boot(std::string_view text) { return Parser(text).run(); }

}  // namespace ctsh::cli
