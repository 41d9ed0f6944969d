// RESP encodings of reply values; see reply_writer.h.
#include "resp/reply_writer.h"

#include <charconv>
#include <cmath>

#include "util/numbers.h"

namespace ringkv::resp {

void ReplyWriter::header(char type, int64_t length) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, length);
  out_->push_back(type);
  out_->append(buf, res.ptr);
  out_->append("\r\n");
}

void ReplyWriter::simple(std::string_view text) {
  out_->push_back('+');
  out_->append(text);
  out_->append("\r\n");
}

void ReplyWriter::error(std::string_view text) {
  out_->push_back('-');
  // An error line must not break the framing, whatever text reached it.
  for (char c : text) out_->push_back(c == '\r' || c == '\n' ? ' ' : c);
  out_->append("\r\n");
}

void ReplyWriter::integer(int64_t value) { header(':', value); }

void ReplyWriter::bulk(std::string_view value) {
  header('$', static_cast<int64_t>(value.size()));
  out_->append(value);
  out_->append("\r\n");
}

void ReplyWriter::null() { out_->append(protocol_ == 3 ? "_\r\n" : "$-1\r\n"); }

void ReplyWriter::null_array() { out_->append(protocol_ == 3 ? "_\r\n" : "*-1\r\n"); }

void ReplyWriter::array(size_t count) { header('*', static_cast<int64_t>(count)); }

void ReplyWriter::map(size_t pairs) {
  if (protocol_ == 3) {
    header('%', static_cast<int64_t>(pairs));
  } else {
    header('*', static_cast<int64_t>(pairs * 2));
  }
}

void ReplyWriter::set(size_t count) {
  header(protocol_ == 3 ? '~' : '*', static_cast<int64_t>(count));
}

void ReplyWriter::double_value(double value) {
  if (protocol_ == 3) {
    out_->push_back(',');
    if (std::isinf(value)) {
      out_->append(value > 0 ? "inf" : "-inf");
    } else {
      out_->append(format_double(value));
    }
    out_->append("\r\n");
  } else {
    bulk(format_double(value));
  }
}

void ReplyWriter::boolean(bool value) {
  if (protocol_ == 3) {
    out_->append(value ? "#t\r\n" : "#f\r\n");
  } else {
    integer(value ? 1 : 0);
  }
}

void ReplyWriter::verbatim(std::string_view text) {
  if (protocol_ == 3) {
    header('=', static_cast<int64_t>(text.size() + 4));
    out_->append("txt:");
    out_->append(text);
    out_->append("\r\n");
  } else {
    bulk(text);
  }
}

}  // namespace ringkv::resp
