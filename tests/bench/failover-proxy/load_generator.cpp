#include "load_generator.hpp"

#include <algorithm>
#include <cerrno>
#include <deque>
#include <memory>
#include <optional>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "response_parser.hpp"

namespace proxy_bench {

int64_t LoadResult::ok() const {
    int64_t total = 0;
    for (const auto& [status, count] : statuses) {
        if (status >= 200 && status < 300)
            total += count;
    }
    return total;
}

namespace {

double micros(Clock::duration duration) {
    return std::chrono::duration<double, std::micro>(duration).count();
}

struct Job {
    Clock::time_point due;
    size_t request = 0;
    bool retried = false;
};

struct Connection {
    int fd = -1;
    bool connecting = false;
    bool want_write = false;
    bool reused = false;  // a response was read on it before: the server may close it idle
    std::optional<Job> job;
    size_t written = 0;
    std::optional<Clock::time_point> first_byte;
    ResponseParser parser;
};

// The connections, the epoll set and the bookkeeping every shape shares. Whoever runs a
// shape decides when jobs are due and when the phase ends.
class Engine {
  public:
    Engine(const LoadTarget& target, LoadResult& result) : m_target(target), m_result(result) {
        prctl(PR_SET_TIMERSLACK, 1UL);  // due times are microseconds apart
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.ptr = nullptr;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timer, &event);
    }
    ~Engine() {
        for (auto& connection : m_connections)
            close_connection(*connection);
        ::close(m_timer);
        ::close(m_epoll);
    }
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Sends `job` on an idle connection, or on a new one while fewer than `max_open` are open;
    // false when neither is possible.
    bool dispatch(const Job& job, int max_open) {
        Connection* connection = take_idle();
        if (connection == nullptr && m_open < max_open)
            connection = open_connection();
        if (connection == nullptr)
            return false;
        send(*connection, job);
        return true;
    }
    // A connection no request waits for yet (its connect may still be under way).
    void open_idle() {
        if (Connection* connection = open_connection())
            m_idle.push_back(connection);
    }
    Connection* open_connection() {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return nullptr;
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_target.port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const int status = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
        if (status != 0 && errno != EINPROGRESS) {
            ::close(fd);
            return nullptr;
        }
        auto connection = std::make_unique<Connection>();
        connection->fd = fd;
        connection->connecting = status != 0;
        Connection* raw = connection.get();
        m_connections.push_back(std::move(connection));
        ++m_open;
        ++m_result.connections_opened;
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP | (raw->connecting ? EPOLLOUT : 0u);
        event.data.ptr = raw;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        return raw;
    }
    void send(Connection& connection, const Job& job) {
        if (!job.retried)
            ++m_result.sent;
        connection.job = job;
        connection.written = 0;
        connection.first_byte.reset();
        connection.parser.reset();
        ++m_in_flight;
        if (!connection.connecting)
            flush(connection);
    }
    // Waits for events until `wake` (or sooner) and handles them.
    void wait_until(Clock::time_point wake) {
        if (wake != m_armed) {
            m_armed = wake;
            itimerspec spec{};
            const auto since_epoch = wake.time_since_epoch();
            const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
            spec.it_value.tv_sec = std::max<time_t>(seconds.count(), 0);
            spec.it_value.tv_nsec = static_cast<long>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds)
                    .count());
            if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0)
                spec.it_value.tv_nsec = 1;
            timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &spec, nullptr);
        }
        if (Clock::now() >= wake)
            return poll(0);
        poll(1000);
    }
    // Jobs whose connection broke before any answer on a reused connection: sent again.
    std::deque<Job>& retries() { return m_retries; }
    int in_flight() const { return m_in_flight; }
    int open() const { return m_open; }
    int idle() const { return static_cast<int>(m_idle.size()); }
    int with_body() const { return m_with_body; }
    // Closes everything; what was in flight counts as unfinished when `count_unfinished`.
    void close_all(bool count_unfinished) {
        for (auto& connection : m_connections) {
            if (connection->fd >= 0 && connection->job && count_unfinished)
                ++m_result.unfinished;
            close_connection(*connection);
        }
        m_in_flight = 0;
        m_idle.clear();
    }

  private:
    Connection* take_idle() {
        while (!m_idle.empty()) {
            Connection* connection = m_idle.back();  // LIFO: the warmest connection
            m_idle.pop_back();
            if (connection->fd >= 0)
                return connection;
        }
        return nullptr;
    }
    void watch_writes(Connection& connection, bool on) {
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
        event.data.ptr = &connection;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection.fd, &event);
    }
    void flush(Connection& connection) {
        const std::string& request = m_target.requests[connection.job->request];
        while (connection.written < request.size()) {
            const ssize_t wrote = ::send(connection.fd, request.data() + connection.written,
                                         request.size() - connection.written, MSG_NOSIGNAL);
            if (wrote < 0 && errno == EAGAIN) {
                if (!connection.want_write) {
                    connection.want_write = true;
                    watch_writes(connection, true);
                }
                return;
            }
            if (wrote <= 0) {
                fail(connection);
                return;
            }
            connection.written += static_cast<size_t>(wrote);
        }
        if (connection.want_write) {
            connection.want_write = false;
            watch_writes(connection, false);
        }
    }
    void poll(int timeout_ms) {
        epoll_event events[256];
        const int count = epoll_wait(m_epoll, events, 256, timeout_ms);
        for (int i = 0; i < count; ++i) {
            auto* connection = static_cast<Connection*>(events[i].data.ptr);
            if (connection == nullptr) {
                uint64_t expirations = 0;
                (void)!read(m_timer, &expirations, sizeof expirations);
                m_armed = {};
                continue;
            }
            if (connection->fd < 0)
                continue;
            on_event(*connection, events[i].events);
        }
    }
    void on_event(Connection& connection, uint32_t events) {
        if (connection.connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
            int error = 0;
            socklen_t size = sizeof error;
            getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &size);
            if (error != 0) {
                fail(connection);
                return;
            }
            connection.connecting = false;
            watch_writes(connection, false);
            if (connection.job)
                flush(connection);
            if (connection.fd < 0)
                return;
        } else if (connection.want_write && (events & EPOLLOUT)) {
            flush(connection);
            if (connection.fd < 0)
                return;
        }
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            read_from(connection);
    }
    void read_from(Connection& connection) {
        char buffer[65536];
        while (connection.fd >= 0) {
            const ssize_t got = ::recv(connection.fd, buffer, sizeof buffer, 0);
            if (got < 0 && errno == EAGAIN)
                return;
            if (got <= 0) {
                connection.parser.on_eof();
                if (connection.job && connection.parser.complete())
                    done(connection, false);
                else if (connection.job)
                    fail(connection);
                else
                    close_connection(connection);  // an idle keep-alive closed by the server
                return;
            }
            if (!connection.job) {
                close_connection(connection);  // bytes nobody asked for
                return;
            }
            if (!connection.parser.feed(std::string_view(buffer, static_cast<size_t>(got)))) {
                fail(connection);
                return;
            }
            if (!connection.first_byte && connection.parser.body_started()) {
                connection.first_byte = Clock::now();
                ++m_with_body;
            }
            if (connection.parser.complete()) {
                done(connection, connection.parser.keep_alive());
                return;
            }
        }
    }
    void done(Connection& connection, bool keep) {
        const auto now = Clock::now();
        const Job job = *connection.job;
        connection.job.reset();
        --m_in_flight;
        ++m_result.completed;
        const int status = connection.parser.status();
        ++m_result.statuses[status];
        if (status >= 200 && status < 300) {
            m_result.latency_us.push_back(micros(now - job.due));
            if (connection.first_byte)
                m_result.ttfb_us.push_back(micros(*connection.first_byte - job.due));
        }
        if (connection.first_byte)
            --m_with_body;
        connection.reused = true;
        if (keep)
            m_idle.push_back(&connection);
        else
            close_connection(connection);
    }
    void fail(Connection& connection) {
        if (connection.job) {
            Job job = *connection.job;
            connection.job.reset();
            --m_in_flight;
            if (connection.first_byte)
                --m_with_body;
            if (connection.reused && !job.retried && !connection.parser.any_bytes()) {
                job.retried = true;
                ++m_result.retried;
                m_retries.push_back(job);
            } else {
                ++m_result.transport_errors;
            }
        }
        close_connection(connection);
    }
    void close_connection(Connection& connection) {
        if (connection.fd < 0)
            return;
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, connection.fd, nullptr);
        ::close(connection.fd);
        connection.fd = -1;
        connection.job.reset();
        --m_open;
    }

    const LoadTarget& m_target;
    LoadResult& m_result;
    int m_epoll = -1;
    int m_timer = -1;
    Clock::time_point m_armed{};
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<Connection*> m_idle;
    std::deque<Job> m_retries;
    int m_open = 0;
    int m_in_flight = 0;
    int m_with_body = 0;
};

}  // namespace

LoadResult run_open_loop(const LoadTarget& target, const OpenLoopPlan& plan) {
    LoadResult result;
    Engine engine(target, result);
    for (int i = 0; i < plan.initial_connections; ++i)
        engine.open_idle();
    const auto interval = std::chrono::duration<double>(1.0 / plan.rate);
    const auto total =
        static_cast<int64_t>(plan.rate * std::chrono::duration<double>(plan.duration).count());
    std::deque<Job> due;
    const auto start = Clock::now() + std::chrono::milliseconds(20);
    const auto end = start + plan.duration;
    const auto deadline = end + plan.drain;
    auto due_at = [&](int64_t index) {
        return start + std::chrono::duration_cast<Clock::duration>(interval * index);
    };
    int64_t next = 0;
    while (true) {
        const auto now = Clock::now();
        if (now >= deadline)
            break;
        while (next < total && due_at(next) <= now)
            due.push_back(Job{due_at(next), static_cast<size_t>(next++) % target.requests.size()});
        while (!engine.retries().empty()) {
            due.push_front(engine.retries().back());
            engine.retries().pop_back();
        }
        while (!due.empty() && engine.dispatch(due.front(), plan.max_connections))
            due.pop_front();
        if (next >= total && due.empty() && engine.in_flight() == 0)
            break;
        engine.wait_until(next < total ? due_at(next) : deadline);
    }
    result.seconds = std::chrono::duration<double>(plan.duration).count();
    result.offered = total;
    result.completed_in_window = result.completed;
    result.unfinished += static_cast<int64_t>(due.size()) + (total - next);
    engine.close_all(true);
    return result;
}

LoadResult run_closed_loop(const LoadTarget& target, const ClosedLoopPlan& plan) {
    LoadResult result;
    Engine engine(target, result);
    const auto start = Clock::now();
    const auto end = start + plan.duration;
    const auto deadline = end + plan.drain;
    size_t next = 0;
    for (int i = 0; i < plan.connections; ++i)
        engine.dispatch(Job{Clock::now(), next++ % target.requests.size()}, plan.connections);
    int64_t completed_in_window = 0;
    while (true) {
        const auto now = Clock::now();
        if (now >= deadline)
            break;
        if (now < end) {
            completed_in_window = result.completed;
            while (!engine.retries().empty()) {
                Job job = engine.retries().front();
                engine.retries().pop_front();
                job.due = now;
                if (!engine.dispatch(job, plan.connections))
                    break;
            }
            while (engine.in_flight() < plan.connections &&
                   engine.dispatch(Job{now, next++ % target.requests.size()}, plan.connections)) {
            }
        } else if (engine.in_flight() == 0) {
            break;
        }
        engine.wait_until(now < end ? end : deadline);
    }
    result.seconds = std::chrono::duration<double>(plan.duration).count();
    // The rate is what completed inside the window; the drain only lets the last ones end.
    result.completed_in_window = completed_in_window;
    result.offered = result.sent;
    engine.close_all(true);
    return result;
}

LoadResult run_hold(const LoadTarget& target, const HoldPlan& plan,
                    const std::function<void(int open_streams)>& while_open) {
    LoadResult result;
    Engine engine(target, result);
    const auto start = Clock::now();
    for (int i = 0; i < plan.streams; ++i)
        engine.dispatch(Job{start, static_cast<size_t>(i) % target.requests.size()}, plan.streams);
    const auto deadline = start + plan.open_timeout;
    while (Clock::now() < deadline && engine.with_body() < engine.in_flight())
        engine.wait_until(deadline);
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.offered = plan.streams;
    while_open(engine.with_body());
    engine.close_all(false);
    return result;
}

}  // namespace proxy_bench
