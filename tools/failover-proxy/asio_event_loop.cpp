#include "asio_event_loop.hpp"

#include <utility>

#include <boost/asio/post.hpp>

namespace failover_proxy {

using lifeline::http::EventLoop;

struct AsioEventLoop::Watch {
    Watch(boost::asio::io_context& io, uint64_t number) : descriptor(io), generation(number) {}

    boost::asio::posix::stream_descriptor descriptor;
    const uint64_t generation;
    int interest = 0;
    Ready ready;
    bool read_armed = false;  // a wait for readable is in progress
    bool write_armed = false;
    bool write_guessed = false;  // writable was reported unchecked since write interest began
};

AsioEventLoop::AsioEventLoop(boost::asio::io_context& io) : m_io(io), m_timer(io) {}

AsioEventLoop::~AsioEventLoop() {
    for (auto& [fd, watch] : m_watches)
        watch->descriptor.release();  // without this the descriptor would close curl's socket
}

void AsioEventLoop::forget(int fd) {
    auto found = m_watches.find(fd);
    if (found == m_watches.end())
        return;
    found->second->descriptor.release();  // cancels its waits; they find no entry
    m_watches.erase(found);
}

void AsioEventLoop::watch(int fd, int interest, Ready ready) {
    auto found = m_watches.find(fd);
    if (found == m_watches.end()) {
        if (interest == 0)
            return;
        auto fresh = std::make_unique<Watch>(m_io, m_next_generation++);
        boost::system::error_code error;
        fresh->descriptor.assign(fd, error);
        if (error)
            return;  // the kernel cannot watch it (out of memory): the transfer's timeout ends it
        found = m_watches.emplace(fd, std::move(fresh)).first;
    }
    Watch& entry = *found->second;
    entry.interest = interest;
    if ((interest & k_writable) == 0)
        entry.write_guessed = false;
    entry.ready = std::move(ready);
    arm(fd, entry);
}

void AsioEventLoop::arm(int fd, Watch& watch) {
    // A wait that is no longer wanted (paused, or the other direction) stays armed; when it
    // completes it is not renewed. A paused socket's read wait still armed is what a resumed
    // watch needs, so a kept-alive connection costs no system call between its requests.
    using Wait = boost::asio::posix::descriptor_base::wait_type;
    const uint64_t generation = watch.generation;
    if ((watch.interest & k_readable) != 0 && !watch.read_armed) {
        watch.read_armed = true;
        watch.descriptor.async_wait(Wait::wait_read,
                                    [this, fd, generation](const boost::system::error_code& error) {
                                        on_wait(fd, generation, k_readable, error);
                                    });
    }
    if ((watch.interest & k_writable) != 0 && !watch.write_armed && !watch.write_guessed) {
        // curl asks to write mostly right after it sent a request, to learn that the upload
        // is done: report writable on the next turn instead of a wait, which costs an
        // epoll_ctl and a wake-up per request. If curl still wants to write after that, the
        // next arm() waits for real.
        watch.write_guessed = true;
        watch.write_armed = true;
        defer([this, fd, generation] {
            on_wait(fd, generation, k_writable, boost::system::error_code());
        });
    } else if ((watch.interest & k_writable) != 0 && !watch.write_armed) {
        watch.write_armed = true;
        watch.descriptor.async_wait(Wait::wait_write,
                                    [this, fd, generation](const boost::system::error_code& error) {
                                        on_wait(fd, generation, k_writable, error);
                                    });
    }
}

void AsioEventLoop::on_wait(int fd, uint64_t generation, int readiness,
                            const boost::system::error_code& error) {
    auto found = m_watches.find(fd);
    if (found == m_watches.end() || found->second->generation != generation)
        return;
    Watch& watch = *found->second;
    (readiness == k_readable ? watch.read_armed : watch.write_armed) = false;
    if (error == boost::asio::error::operation_aborted || (watch.interest & readiness) == 0)
        return;
    // A copy: the callback may replace or forget this very watch.
    const Ready ready = watch.ready;
    ready(readiness | (error ? k_error : 0));
    found = m_watches.find(fd);
    if (found != m_watches.end() && found->second->generation == generation)
        arm(fd, *found->second);
}

void AsioEventLoop::set_timer(std::chrono::milliseconds delay, std::function<void()> fired) {
    const uint64_t generation = ++m_timer_generation;
    if (delay.count() < 0) {
        m_timer.cancel();
        m_fired = nullptr;
        return;
    }
    m_fired = std::move(fired);
    m_timer.expires_after(delay);  // cancels the wait in progress, if any
    m_timer.async_wait([this, generation](const boost::system::error_code& error) {
        if (error || generation != m_timer_generation || !m_fired)
            return;
        std::function<void()> due = std::move(m_fired);
        m_fired = nullptr;
        due();
    });
}

void AsioEventLoop::defer(std::function<void()> work) {
    boost::asio::post(m_io, std::move(work));
}

}  // namespace failover_proxy
