#pragma once
// Result<T, E>: a value or a typed error, in the spirit of std::expected (C++23).
//
//   Result<int> parse(...);              // E defaults to lifeline::Error
//   if (!r) return fail(r.error());      // propagate by hand, or
//   int v = LIFELINE_TRY(parse(...));    // propagate with the TRY helper

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include <lifeline/util/error.hpp>

namespace lifeline {

// Wraps an error so it converts to any Result<T, E>.
template <typename E>
struct Failure {
    E error;
};

template <typename E>
Failure<std::decay_t<E>> fail(E&& error) {
    return Failure<std::decay_t<E>>{std::forward<E>(error)};
}

inline Failure<Error> fail(ErrorCode code, std::string message) {
    return Failure<Error>{make_error(code, std::move(message))};
}

template <typename T, typename E = Error>
class [[nodiscard]] Result {
  public:
    using value_type = T;
    using error_type = E;

    template <typename U = T, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                          !std::is_same_v<std::decay_t<U>, Result>>>
    Result(U&& value) : m_storage(std::in_place_index<0>, std::forward<U>(value)) {}
    template <typename G>
    Result(Failure<G> failure) : m_storage(std::in_place_index<1>, std::move(failure.error)) {}

    bool ok() const { return m_storage.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_storage);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_storage);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_storage));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const E& error() const& {
        assert(!ok());
        return std::get<1>(m_storage);
    }
    E&& error() && {
        assert(!ok());
        return std::get<1>(std::move(m_storage));
    }

    template <typename U>
    T value_or(U&& fallback) const& {
        return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

  private:
    std::variant<T, E> m_storage;
};

template <typename E>
class [[nodiscard]] Result<void, E> {
  public:
    using value_type = void;
    using error_type = E;

    Result() = default;
    template <typename G>
    Result(Failure<G> failure) : m_error(std::move(failure.error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    void value() const { assert(m_ok); }
    const E& error() const& {
        assert(!m_ok);
        return m_error;
    }
    E&& error() && {
        assert(!m_ok);
        return std::move(m_error);
    }

  private:
    E m_error{};
    bool m_ok = true;
};

using Status = Result<void>;

}  // namespace lifeline

// Evaluates a Result expression; on error returns the error from the enclosing function,
// otherwise yields the value. Uses a GNU statement expression (g++ and clang).
#define LIFELINE_TRY(expr)                                                    \
    ({                                                                        \
        auto&& lifeline_try_result_ = (expr);                                 \
        if (!lifeline_try_result_) {                                          \
            return ::lifeline::fail(std::move(lifeline_try_result_).error()); \
        }                                                                     \
        std::move(lifeline_try_result_).value();                              \
    })

// Like LIFELINE_TRY for Result<void>: returns the error, yields nothing.
#define LIFELINE_TRY_VOID(expr)                                               \
    do {                                                                      \
        auto&& lifeline_try_result_ = (expr);                                 \
        if (!lifeline_try_result_) {                                          \
            return ::lifeline::fail(std::move(lifeline_try_result_).error()); \
        }                                                                     \
    } while (false)
