#pragma once
// The upstream transport, made on the first request instead of at start: building the libcurl
// transport dlopens libcurl and the thirty libraries it pulls in.
// A sidecar that serves a step without a model call (or is stopped before the first one)
// never pays that, and one that does pays it after it announced itself ready, not before.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include <lifeline/http/async_transport.hpp>

namespace failover_proxy {

class LazyTransport final : public lifeline::http::AsyncTransport {
  public:
    using Factory = std::function<std::unique_ptr<lifeline::http::AsyncTransport>()>;
    // `make` runs once, inside the first start() (from whichever thread calls it first).
    explicit LazyTransport(Factory make);
    // Destroys the transport if it was made (its own destructor cancels what is left).
    ~LazyTransport() override = default;
    LazyTransport(const LazyTransport&) = delete;
    LazyTransport& operator=(const LazyTransport&) = delete;

    lifeline::http::TransferId start(lifeline::http::HttpRequest request,
                                     lifeline::http::AsyncCallbacks callbacks) override;
    // Before the first start() there is no transfer to cancel: a no-op.
    void cancel(lifeline::http::TransferId id) override;

    bool made() const { return m_made.load(std::memory_order_acquire) != nullptr; }

  private:
    lifeline::http::AsyncTransport& transport();

    Factory m_make;
    std::mutex m_mutex;
    std::unique_ptr<lifeline::http::AsyncTransport> m_owned;
    std::atomic<lifeline::http::AsyncTransport*> m_made{nullptr};
};

}  // namespace failover_proxy
