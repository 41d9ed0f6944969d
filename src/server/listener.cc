// Listener: socket(), bind(), listen() for each bind address.
#include "server/listener.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringkv::server {

namespace {
int open_one(const std::string& address, int port, int* bound_port, std::string* error) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  std::string host = address;
  if (host == "*") host = "0.0.0.0";
  if (host == "::*") host = "::";
  if (!host.empty() && host[0] == '-') host.erase(0, 1);  // Redis's optional-address marker
  auto* in4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, host.c_str(), &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    in4->sin_port = htons(static_cast<uint16_t>(port));
    length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, host.c_str(), &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(static_cast<uint16_t>(port));
    length = sizeof(sockaddr_in6);
  } else {
    *error = fmt::format("invalid bind address '{}'", address);
    return -1;
  }
  int fd = socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = fmt::format("socket() failed: {}", strerror(errno));
    return -1;
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (storage.ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 || listen(fd, 511) != 0) {
    *error = fmt::format("cannot listen on {}:{}: {}", address, port, strerror(errno));
    close(fd);
    return -1;
  }
  sockaddr_storage actual{};
  socklen_t actual_length = sizeof actual;
  getsockname(fd, reinterpret_cast<sockaddr*>(&actual), &actual_length);
  *bound_port = ntohs(actual.ss_family == AF_INET
                          ? reinterpret_cast<sockaddr_in*>(&actual)->sin_port
                          : reinterpret_cast<sockaddr_in6*>(&actual)->sin6_port);
  return fd;
}
}  // namespace

bool open_listeners(const std::vector<std::string>& addresses, int port, std::vector<int>* fds,
                    int* bound_port, std::string* error) {
  for (const std::string& address : addresses) {
    int fd = open_one(address, port, bound_port, error);
    if (fd < 0) {
      for (int opened : *fds) close(opened);
      fds->clear();
      return false;
    }
    fds->push_back(fd);
    port = *bound_port;  // every address on the same port, even when 0 was asked
  }
  return true;
}

}  // namespace ringkv::server
