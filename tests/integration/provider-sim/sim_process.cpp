#include "sim_process.hpp"

#include <thread>

namespace provider_sim_it {

httplib::Client SimProcess::client(size_t index) const {
    httplib::Client client(host(index), port(index));
    client.set_read_timeout(10, 0);
    client.set_connection_timeout(2, 0);
    return client;
}

bool SimProcess::logged(const std::string& text, std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (stderr_text().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace provider_sim_it
