// COMMAND and its subcommands COUNT LIST INFO DOCS GETKEYS GETKEYSANDFLAGS
// HELP, over ringkv's command table: the commands, their names, arities and
// subcommands are ringkv's own; what Redis documents beyond that (flags,
// key specs, ACL categories, arguments...) comes from the records of
// admin_command_docs.h, so the replies have exactly Redis 7.0's shape.
// Commands Redis does not document get the same shape from their
// CommandSpec alone.
#include "cmd/admin_command_docs.h"
#include "cmd/admin_help.h"
#include "cmd/admin_key_specs.h"
#include "cmd/args.h"
#include "cmd/families.h"
#include "util/glob.h"

namespace ringkv::cmd {

namespace {

// Redis's ACL categories in ACLCommandCategories order.
constexpr const char* kCategories[] = {
    "keyspace", "read",  "write", "set",      "sortedset", "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo", "stream",   "pubsub",      "admin",
    "fast",     "slow",  "blocking", "dangerous", "connection", "transaction", "scripting"};

// The flags Redis prints for a command, in addReplyFlagsForCommand's order,
// for commands without a record.
std::vector<std::string> spec_flag_names(const CommandSpec& spec) {
  static constexpr std::pair<uint32_t, const char*> kNames[] = {
      {kWrite, "write"},   {kReadonly, "readonly"}, {kDenyOom, "denyoom"}, {kAdmin, "admin"},
      {kPubsub, "pubsub"}, {kNoScript, "noscript"}, {kBlocking, "blocking"},
      {kLoading, "loading"}, {kStale, "stale"},     {kFast, "fast"},       {kNoAuth, "no_auth"}};
  std::vector<std::string> names;
  for (auto [flag, name] : kNames) {
    if (spec.flags & flag) names.emplace_back(name);
  }
  if (spec.key_finder != nullptr) names.emplace_back("movablekeys");
  return names;
}

// setImplicitACLCategories for commands without a record.
std::vector<std::string> spec_categories(const CommandSpec& spec) {
  std::vector<std::string> categories;
  if (spec.flags & kReadonly) categories.emplace_back("@read");
  if (spec.flags & kWrite) categories.emplace_back("@write");
  if (spec.flags & kPubsub) categories.emplace_back("@pubsub");
  if (spec.flags & kAdmin) categories.emplace_back("@admin");
  categories.emplace_back((spec.flags & kFast) ? "@fast" : "@slow");
  if (spec.flags & kBlocking) categories.emplace_back("@blocking");
  if (spec.flags & kAdmin) categories.emplace_back("@dangerous");
  return categories;
}

void reply_status_set(resp::ReplyWriter& reply, const std::vector<std::string>& names) {
  reply.set(names.size());
  for (const std::string& name : names) reply.simple(name);
}

// The record's COMMAND INFO fields as nodes: flags, first, last, step,
// categories, tips, key specs.
std::vector<DocNode> decode_info(const CommandDocRecord& record) {
  std::string_view encoded = record.info;
  std::vector<DocNode> nodes;
  for (int i = 0; i < 7; ++i) nodes.push_back(decode_encoded(&encoded));
  return nodes;
}

bool has_category(const CommandSpec& spec, std::string_view category) {
  std::string wanted = "@" + lower(category);
  if (const CommandDocRecord* record = find_command_docs(full_name(spec))) {
    std::vector<DocNode> info = decode_info(*record);
    for (const DocNode& name : info[4].children) {
      if (name.text == wanted) return true;
    }
    return false;
  }
  for (const std::string& name : spec_categories(spec)) {
    if (name == wanted) return true;
  }
  return false;
}

void reply_command_info(CommandContext& ctx, const CommandSpec& spec) {
  ctx.reply.array(10);
  ctx.reply.bulk(full_name(spec));
  ctx.reply.integer(spec.arity);
  if (const CommandDocRecord* record = find_command_docs(full_name(spec))) {
    std::string_view encoded = record->info;
    for (int i = 0; i < 7; ++i) write_encoded(ctx.reply, &encoded);
  } else {
    reply_status_set(ctx.reply, spec_flag_names(spec));
    ctx.reply.integer(spec.first_key);
    ctx.reply.integer(spec.last_key);
    ctx.reply.integer(spec.key_step);
    reply_status_set(ctx.reply, spec_categories(spec));
    ctx.reply.set(0);  // tips
    ctx.reply.set(0);  // key specs
  }
  if (spec.subcommands.empty()) {
    ctx.reply.set(0);
    return;
  }
  ctx.reply.array(spec.subcommands.size());
  for (const CommandSpec& sub : spec.subcommands) reply_command_info(ctx, sub);
}

void reply_command_docs(CommandContext& ctx, const CommandSpec& spec) {
  const CommandDocRecord* record = find_command_docs(full_name(spec));
  std::string_view docs = record != nullptr ? record->docs : "%0;";
  int64_t extra = 0;
  // The record's map header: replay its pairs inside our own map.
  docs.remove_prefix(1);
  size_t end = docs.find(';');
  extra = std::stoll(std::string(docs.substr(0, end)));
  docs.remove_prefix(end + 1);
  bool has_subcommands = !spec.subcommands.empty();
  ctx.reply.map(3 + static_cast<size_t>(extra) + (has_subcommands ? 1 : 0));
  ctx.reply.bulk("summary");
  ctx.reply.bulk(record != nullptr ? record->summary : spec.summary);
  ctx.reply.bulk("since");
  ctx.reply.bulk(record != nullptr ? record->since : spec.since);
  ctx.reply.bulk("group");
  ctx.reply.bulk(record != nullptr ? record->group : spec.group);
  for (int64_t i = 0; i < 2 * extra; ++i) write_encoded(ctx.reply, &docs);
  if (!has_subcommands) return;
  ctx.reply.bulk("subcommands");
  ctx.reply.map(spec.subcommands.size());
  for (const CommandSpec& sub : spec.subcommands) {
    ctx.reply.bulk(full_name(sub));
    reply_command_docs(ctx, sub);
  }
}

std::vector<const CommandSpec*> top_level_commands() {
  std::vector<const CommandSpec*> commands;
  for (const CommandSpec* spec : all_commands()) {
    if (spec->parent == nullptr) commands.push_back(spec);
  }
  return commands;
}

// lookupCommandBySds: "name" or "container|subcommand", any case.
const CommandSpec* find_by_full_name(std::string_view name) {
  size_t bar = name.find('|');
  const CommandSpec* base = find_command(name.substr(0, bar));
  if (bar == std::string_view::npos || base == nullptr) return base;
  std::string_view sub = name.substr(bar + 1);
  if (base->subcommands.empty() || sub.find('|') != std::string_view::npos) return nullptr;
  return find_subcommand(*base, sub);
}

void command(CommandContext& ctx) {
  auto commands = top_level_commands();
  ctx.reply.array(commands.size());
  for (const CommandSpec* spec : commands) reply_command_info(ctx, *spec);
}

void command_count(CommandContext& ctx) {
  ctx.reply.integer(static_cast<int64_t>(top_level_commands().size()));
}

void command_info(CommandContext& ctx) {
  if (ctx.argc() == 2) {
    command(ctx);
    return;
  }
  ctx.reply.array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const CommandSpec* spec = find_by_full_name(ctx.arg(i));
    spec != nullptr ? reply_command_info(ctx, *spec) : ctx.reply.null();
  }
}

void command_docs(CommandContext& ctx) {
  std::vector<const CommandSpec*> found;
  if (ctx.argc() == 2) found = top_level_commands();
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (const CommandSpec* spec = find_by_full_name(ctx.arg(i))) found.push_back(spec);
  }
  ctx.reply.map(found.size());
  for (const CommandSpec* spec : found) {
    ctx.reply.bulk(full_name(*spec));
    reply_command_docs(ctx, *spec);
  }
}

// COMMAND LIST [FILTERBY MODULE name|ACLCAT category|PATTERN pattern]: the
// clause must close the command (so there is at most one), as in Redis.
void command_list(CommandContext& ctx) {
  std::string type, argument;
  for (size_t i = 2; i < ctx.argc(); i += 3) {
    if (!is_option(ctx.arg(i), "FILTERBY") || ctx.argc() - 1 - i != 2) {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
    type = lower(ctx.arg(i + 1));
    argument = ctx.arg(i + 2);
    if (type != "module" && type != "aclcat" && type != "pattern") {
      ctx.reply.error(resp::kErrSyntax);
      return;
    }
  }
  bool known_category = false;
  for (const char* category : kCategories) known_category |= equals_ignore_case(category, argument);
  std::vector<std::string> names;
  for (const CommandSpec* spec : all_commands()) {
    std::string name = full_name(*spec);
    bool keep = type.empty() ||
                (type == "aclcat" && known_category && has_category(*spec, argument)) ||
                (type == "pattern" && glob_match(argument, name, true));
    if (keep) names.push_back(std::move(name));  // "module": ringkv loads none
  }
  ctx.reply.array(names.size());
  for (const std::string& name : names) ctx.reply.bulk(name);
}

// The command line after "COMMAND GETKEYS[ANDFLAGS]", resolved as Redis's
// lookupCommand does; replies the error and returns nullptr when it has no keys.
const CommandSpec* keyed_command(CommandContext& ctx, std::span<const std::string_view> line) {
  const CommandSpec* spec = find_command(line[0]);
  if (spec != nullptr && !spec->subcommands.empty() && line.size() > 1) {
    spec = find_subcommand(*spec, line[1]);
  }
  if (spec == nullptr) {
    ctx.reply.error("ERR Invalid command specified");
    return nullptr;
  }
  if (spec->first_key <= 0 && spec->key_finder == nullptr) {
    ctx.reply.error("ERR The command has no key arguments");
    return nullptr;
  }
  auto argc = static_cast<int64_t>(line.size());
  if ((spec->arity > 0 && spec->arity != argc) || argc < -spec->arity) {
    ctx.reply.error("ERR Invalid number of arguments specified for command");
    return nullptr;
  }
  return spec;
}

bool no_mandatory_keys(const CommandSpec& spec) {
  const CommandDocRecord* record = find_command_docs(full_name(spec));
  if (record == nullptr) return false;
  std::vector<DocNode> info = decode_info(*record);
  for (const DocNode& flag : info[0].children) {
    if (flag.text == "no_mandatory_keys") return true;
  }
  return false;
}

void reply_no_keys(CommandContext& ctx, const CommandSpec& spec) {
  if (no_mandatory_keys(spec)) {
    ctx.reply.array(0);
  } else {
    ctx.reply.error("ERR Invalid arguments specified for command");
  }
}

void command_getkeys(CommandContext& ctx) {
  std::span<const std::string_view> line = ctx.args.subspan(2);
  const CommandSpec* spec = keyed_command(ctx, line);
  if (spec == nullptr) return;
  std::vector<size_t> positions;
  key_positions(*spec, line, &positions);
  if (positions.empty()) {
    reply_no_keys(ctx, *spec);
    return;
  }
  ctx.reply.array(positions.size());
  for (size_t position : positions) ctx.reply.bulk(line[position]);
}

void command_getkeysandflags(CommandContext& ctx) {
  std::span<const std::string_view> line = ctx.args.subspan(2);
  const CommandSpec* spec = keyed_command(ctx, line);
  if (spec == nullptr) return;
  const CommandDocRecord* record = find_command_docs(full_name(*spec));
  DocNode key_specs;
  if (record != nullptr) key_specs = decode_info(*record)[6];
  std::vector<KeyWithFlags> keys;
  if (!keys_from_specs(key_specs, line, &keys)) {
    std::vector<size_t> positions;
    key_positions(*spec, line, &positions);
    for (size_t position : positions) {
      keys.push_back({position, fallback_key_flags(full_name(*spec), key_specs, line)});
    }
  }
  if (keys.empty()) {
    reply_no_keys(ctx, *spec);
    return;
  }
  ctx.reply.array(keys.size());
  for (const KeyWithFlags& key : keys) {
    ctx.reply.array(2);
    ctx.reply.bulk(line[key.position]);
    reply_status_set(ctx.reply, key.flags);
  }
}

void command_help(CommandContext& ctx) {
  reply_help(ctx.reply, "COMMAND",
             {"(no subcommand)", "    Return details about all Redis commands.", "COUNT",
              "    Return the total number of commands in this Redis server.", "LIST",
              "    Return a list of all commands in this Redis server.",
              "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
              "    If no command names are given, documentation details for all",
              "    commands are returned.", "DOCS [<command-name> ...]",
              "    Return documentation details about multiple Redis commands.",
              "    If no command names are given, documentation details for all",
              "    commands are returned.", "GETKEYS <full-command>",
              "    Return the keys from a full Redis command.", "GETKEYSANDFLAGS <full-command>",
              "    Return the keys and the access flags from a full Redis command."});
}

}  // namespace

void add_command_commands(std::vector<CommandSpec>* table) {
  constexpr uint32_t kFlags = kLoading | kStale;
  table->push_back(
      {"command", -1, kFlags, 0, 0, 0, command, "server", "Get array of Redis command details",
       "2.8.13",
       {
           {"count", 2, kFlags, 0, 0, 0, command_count, "server",
            "Get total number of Redis commands", "2.8.13"},
           {"list", -2, kFlags, 0, 0, 0, command_list, "server",
            "Get an array of Redis command names", "7.0.0"},
           {"info", -2, kFlags, 0, 0, 0, command_info, "server",
            "Get array of specific Redis command details, or all when no argument is given",
            "2.8.13"},
           {"docs", -2, kFlags, 0, 0, 0, command_docs, "server",
            "Get array of specific Redis command documentation", "7.0.0"},
           {"getkeys", -4, kFlags, 0, 0, 0, command_getkeys, "server",
            "Extract keys given a full Redis command", "2.8.13"},
           {"getkeysandflags", -4, kFlags, 0, 0, 0, command_getkeysandflags, "server",
            "Extract keys and access flags given a full Redis command", "7.0.0"},
           {"help", 2, kFlags, 0, 0, 0, command_help, "server",
            "Show helpful text about the different subcommands", "5.0.0"},
       }});
}

}  // namespace ringkv::cmd
