// Listener: the listening sockets for the configured bind addresses.
#pragma once

#include <string>
#include <vector>

namespace ringkv::server {

// Opens one listening TCP socket per address. On failure closes what it
// opened and returns false with *error set. `*bound_port` receives the
// actual port (useful with port 0).
bool open_listeners(const std::vector<std::string>& addresses, int port, std::vector<int>* fds,
                    int* bound_port, std::string* error);

}  // namespace ringkv::server
