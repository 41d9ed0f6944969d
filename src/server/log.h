// Log: one line per event on stderr (or the logfile), Redis-style levels.
#pragma once

#include <string_view>

namespace ringkv::server {

enum class LogLevel { kDebug = 0, kVerbose = 1, kNotice = 2, kWarning = 3, kNothing = 4 };

void set_log_level(LogLevel level);
bool set_log_file(const char* path);
void log_line(LogLevel level, std::string_view text);
inline void log_warning(std::string_view text) { log_line(LogLevel::kWarning, text); }
inline void log_notice(std::string_view text) { log_line(LogLevel::kNotice, text); }
inline void log_verbose(std::string_view text) { log_line(LogLevel::kVerbose, text); }

}  // namespace ringkv::server
