#include <lifeline/http/transport.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::http {

const char* to_string(TransportError::Kind kind) {
    switch (kind) {
        case TransportError::Kind::dns:
            return "dns";
        case TransportError::Kind::connect:
            return "connect";
        case TransportError::Kind::tls:
            return "tls";
        case TransportError::Kind::timeout:
            return "timeout";
        case TransportError::Kind::reset:
            return "reset";
        case TransportError::Kind::too_large:
            return "too_large";
        case TransportError::Kind::aborted:
            return "aborted";
        case TransportError::Kind::invalid:
            return "invalid";
    }
    return "invalid";
}

FailureClass TransportError::failure_class() const {
    switch (kind) {
        case Kind::dns:
        case Kind::connect:
            return FailureClass::network;
        case Kind::reset:
            return status >= 200 && status < 300 ? FailureClass::stream_broken
                                                 : FailureClass::network;
        case Kind::tls:
            return FailureClass::tls;
        case Kind::timeout:
            return FailureClass::timeout;
        case Kind::too_large:
        case Kind::aborted:
            return FailureClass::stream_broken;
        case Kind::invalid:
            return FailureClass::bad_request;
    }
    return FailureClass::network;
}

}  // namespace lifeline::http
