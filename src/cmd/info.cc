// INFO [section ...]: Redis 7.0's section selection (genInfoSectionDict)
// over the sections of admin_info_sections.h. Section names are matched
// ignoring case; "default" adds the default sections, "all" every section,
// "everything" every section and the modules' own (ringkv has none);
// unknown names add nothing. The reply is a verbatim string (a bulk in
// RESP2) whose sections are separated by an empty line.
#include <set>

#include "cmd/admin_info_sections.h"
#include "cmd/families.h"

namespace ringkv::cmd {

namespace {

struct Selection {
  bool all = false;
  std::set<std::string> names;  // lower case
};

Selection select_sections(CommandContext& ctx) {
  Selection selection;
  auto add_defaults = [&selection] {
    for (const InfoSection& section : info_sections()) {
      if (section.in_default) selection.names.insert(section.name);
    }
  };
  if (ctx.argc() == 1) add_defaults();
  for (size_t i = 1; i < ctx.argc(); ++i) {
    std::string name = lower(ctx.arg(i));
    if (name == "default") {
      add_defaults();
    } else if (name == "all" || name == "everything") {
      selection.all = true;
    } else {
      selection.names.insert(std::move(name));
    }
  }
  return selection;
}

bool selected(const Selection& selection, const InfoSection& section) {
  return selection.all || selection.names.count(section.name) > 0 ||
         (section.alias != nullptr && selection.names.count(section.alias) > 0);
}

void info(CommandContext& ctx) {
  Selection selection = select_sections(ctx);
  std::string text;
  for (const InfoSection& section : info_sections()) {
    if (!selected(selection, section)) continue;
    if (!text.empty()) text.append("\r\n");
    section.append(ctx, &text);
  }
  ctx.reply.verbatim(text);
}

}  // namespace

void add_info_commands(std::vector<CommandSpec>* table) {
  // kAllShards: the keyspace and persistence sections read every shard, the
  // clients section every session.
  table->push_back({"info", -1, kLoading | kStale | kAllShards, 0, 0, 0, info, "server",
                    "Get information and statistics about the server", "1.0.0"});
}

}  // namespace ringkv::cmd
