// A TCP port on 127.0.0.1 that nothing listens on now, from the kernel (bind to port 0): the
// rendezvous port of a data-parallel job whose ranks all run on this machine.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/errors.h"

namespace cyclegan {

inline int free_local_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const int cause = errno;
    if (fd >= 0) close(fd);
    throw Error(std::string("Cannot find a free local port for the ranks: ") + std::strerror(cause) + ".");
  }
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace cyclegan
