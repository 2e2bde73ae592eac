#pragma once
// How a request's answer goes back to its client: one whole response, or a stream started
// once and fed piece by piece. The connection implements it; every call happens on the
// connection's strand.

#include <string>
#include <utility>
#include <vector>

namespace failover_proxy {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class Responder {
  public:
    virtual ~Responder() = default;
    virtual void respond(int status, HeaderList headers, std::string body) = 0;
    virtual void start_stream(int status, HeaderList headers) = 0;
    virtual void stream_bytes(std::string bytes) = 0;
    virtual void end_stream() = 0;
};

}  // namespace failover_proxy
