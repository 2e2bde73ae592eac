#include <thread>

#include <lifeline/app/system.hpp>

namespace lifeline::app {

SystemTime SystemClock::now() const {
    return std::chrono::system_clock::now();
}

SteadyTime SystemClock::steady_now() const {
    return std::chrono::steady_clock::now();
}

void SystemClock::sleep_for(Duration duration) {
    std::this_thread::sleep_for(duration);
}

}  // namespace lifeline::app
