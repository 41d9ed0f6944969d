// Lookup and replay of the recorded command documentation; see
// admin_command_docs.h for the encoding.
#include "cmd/admin_command_docs.h"

#include <algorithm>
#include <cstdlib>
#include <span>

namespace ringkv::cmd {

// The generated halves of the table, each sorted by name; every name in A
// sorts before every name in B.
extern const CommandDocRecord kCommandDocsA[];
extern const size_t kCommandDocsACount;
extern const CommandDocRecord kCommandDocsB[];
extern const size_t kCommandDocsBCount;

namespace {

const CommandDocRecord* find_in(std::span<const CommandDocRecord> records, std::string_view name) {
  auto it = std::lower_bound(records.begin(), records.end(), name,
                             [](const CommandDocRecord& record, std::string_view wanted) {
                               return std::string_view(record.name) < wanted;
                             });
  return it != records.end() && it->name == name ? &*it : nullptr;
}

// Splits the header of the front node: its kind and its number (a count,
// a length or an integer value), leaving *encoded after the ';'.
char read_header(std::string_view* encoded, int64_t* number) {
  char kind = encoded->front();
  size_t end = encoded->find(';');
  *number = std::strtoll(std::string(encoded->substr(1, end - 1)).c_str(), nullptr, 10);
  encoded->remove_prefix(end + 1);
  return kind;
}

std::string_view take_text(std::string_view* encoded, int64_t length) {
  std::string_view text = encoded->substr(0, static_cast<size_t>(length));
  encoded->remove_prefix(text.size());
  return text;
}

}  // namespace

const CommandDocRecord* find_command_docs(std::string_view full_name) {
  const CommandDocRecord* found = find_in({kCommandDocsA, kCommandDocsACount}, full_name);
  return found != nullptr ? found : find_in({kCommandDocsB, kCommandDocsBCount}, full_name);
}

void write_encoded(resp::ReplyWriter& reply, std::string_view* encoded) {
  int64_t number = 0;
  char kind = read_header(encoded, &number);
  auto count = static_cast<size_t>(number);
  switch (kind) {
    case '%':
      reply.map(count);
      for (size_t i = 0; i < 2 * count; ++i) write_encoded(reply, encoded);
      break;
    case '*':
    case '~':
      kind == '*' ? reply.array(count) : reply.set(count);
      for (size_t i = 0; i < count; ++i) write_encoded(reply, encoded);
      break;
    case '$':
      reply.bulk(take_text(encoded, number));
      break;
    case '+':
      reply.simple(take_text(encoded, number));
      break;
    default:  // ':'
      reply.integer(number);
      break;
  }
}

void skip_encoded(std::string_view* encoded) {
  int64_t number = 0;
  char kind = read_header(encoded, &number);
  size_t children = kind == '%'                  ? 2 * static_cast<size_t>(number)
                    : kind == '*' || kind == '~' ? static_cast<size_t>(number)
                                                 : 0;
  if (kind == '$' || kind == '+') take_text(encoded, number);
  for (size_t i = 0; i < children; ++i) skip_encoded(encoded);
}

DocNode decode_encoded(std::string_view* encoded) {
  DocNode node;
  int64_t number = 0;
  node.kind = read_header(encoded, &number);
  if (node.kind == '$' || node.kind == '+') {
    node.text = take_text(encoded, number);
  } else if (node.kind == ':') {
    node.integer = number;
  } else {
    size_t children = static_cast<size_t>(number) * (node.kind == '%' ? 2 : 1);
    for (size_t i = 0; i < children; ++i) node.children.push_back(decode_encoded(encoded));
  }
  return node;
}

const DocNode* DocNode::get(std::string_view key) const {
  for (size_t i = 0; i + 1 < children.size(); i += 2) {
    if (children[i].text == key) return &children[i + 1];
  }
  return nullptr;
}

}  // namespace ringkv::cmd
