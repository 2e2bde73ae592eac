#include "lazy_transport.hpp"

namespace failover_proxy {

LazyTransport::LazyTransport(Factory make) : m_make(std::move(make)) {}

lifeline::http::TransferId LazyTransport::start(lifeline::http::HttpRequest request,
                                                lifeline::http::AsyncCallbacks callbacks) {
    return transport().start(std::move(request), std::move(callbacks));
}

void LazyTransport::cancel(lifeline::http::TransferId id) {
    if (auto* made = m_made.load(std::memory_order_acquire))
        made->cancel(id);
}

lifeline::http::AsyncTransport& LazyTransport::transport() {
    if (auto* made = m_made.load(std::memory_order_acquire))
        return *made;
    std::lock_guard lock(m_mutex);
    if (!m_owned) {
        m_owned = m_make();
        m_made.store(m_owned.get(), std::memory_order_release);
    }
    return *m_owned;
}

}  // namespace failover_proxy
