#include "sim_process.hpp"

namespace provider_sim_it {

httplib::Client SimProcess::client(size_t index) const {
    httplib::Client client(host(index), port(index));
    client.set_read_timeout(10, 0);
    client.set_connection_timeout(2, 0);
    return client;
}

}  // namespace provider_sim_it
