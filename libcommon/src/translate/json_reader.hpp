#pragma once
// Reading wire JSON fast: a document parsed once by simdjson (DOM, SIMD, UTF-8 validated) and
// a cheap read-only view of its values, with the same "missing instead of asserting" reads as
// json_border.hpp. This is how every decoder reads; nlohmann::json (json_border.hpp) remains
// for building small values where speed does not matter.
//
// Lifetime: a JsonView points into its JsonDocument's buffers. It is valid while that document
// lives and until the document parses again.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include <lifeline/util/result.hpp>

namespace lifeline::translate::detail {

class JsonView;

// The elements of an array view, in order; empty unless the view is an array.
class JsonElements {
  public:
    class iterator {
      public:
        iterator() = default;
        explicit iterator(simdjson::dom::array::iterator at) : m_at(at) {}
        JsonView operator*() const;
        iterator& operator++() {
            ++m_at;
            return *this;
        }
        bool operator!=(const iterator& other) const { return m_at != other.m_at; }

      private:
        simdjson::dom::array::iterator m_at;
    };
    JsonElements() = default;
    explicit JsonElements(simdjson::dom::array array) : m_array(array), m_present(true) {}
    iterator begin() const { return m_present ? iterator(m_array.begin()) : iterator(); }
    iterator end() const { return m_present ? iterator(m_array.end()) : iterator(); }

  private:
    simdjson::dom::array m_array;
    bool m_present = false;
};

// The (key, value) members of an object view, in document order; empty unless an object.
class JsonMembers {
  public:
    class iterator {
      public:
        iterator() = default;
        explicit iterator(simdjson::dom::object::iterator at) : m_at(at) {}
        std::pair<std::string_view, JsonView> operator*() const;
        iterator& operator++() {
            ++m_at;
            return *this;
        }
        bool operator!=(const iterator& other) const { return m_at != other.m_at; }

      private:
        simdjson::dom::object::iterator m_at;
    };
    JsonMembers() = default;
    explicit JsonMembers(simdjson::dom::object object) : m_object(object), m_present(true) {}
    iterator begin() const { return m_present ? iterator(m_object.begin()) : iterator(); }
    iterator end() const { return m_present ? iterator(m_object.end()) : iterator(); }

  private:
    simdjson::dom::object m_object;
    bool m_present = false;
};

// One value of a parsed document, or "missing" (default-constructed; false in a condition).
// Reads of the wrong type answer empty ("", nullopt, 0, no elements) rather than fail.
class JsonView {
  public:
    JsonView() = default;
    explicit JsonView(simdjson::dom::element element) : m_element(element), m_present(true) {}

    explicit operator bool() const { return m_present; }
    bool is_object() const { return is(simdjson::dom::element_type::OBJECT); }
    bool is_array() const { return is(simdjson::dom::element_type::ARRAY); }
    bool is_string() const { return is(simdjson::dom::element_type::STRING); }
    bool is_bool() const { return is(simdjson::dom::element_type::BOOL); }
    bool is_null() const { return is(simdjson::dom::element_type::NULL_VALUE); }
    bool is_number() const;

    // The string's bytes (unescaped); "" unless a string.
    std::string_view str() const;
    std::optional<double> number() const;
    // A number as an integer (a float is truncated); nullopt unless a number.
    std::optional<int64_t> integer() const;
    std::optional<bool> boolean() const;
    // The member `key` of an object; missing when not an object or absent.
    JsonView operator[](std::string_view key) const;
    // Array elements or object members; 0 otherwise.
    size_t size() const;
    // The index-th element of an array; missing when not an array or too short. Linear in
    // `index`: for one look-up (the first choice), never to walk an array (use elements()).
    JsonView at(size_t index) const;
    JsonElements elements() const;
    JsonMembers members() const;
    // Compact JSON text of the value; "" when missing.
    std::string text() const;

  private:
    bool is(simdjson::dom::element_type type) const {
        return m_present && m_element.type() == type;
    }

    simdjson::dom::element m_element;
    bool m_present = false;
};

// A parser with its buffers, reused across parses (a stream decoder keeps one per stream).
class JsonDocument {
  public:
    // The root of `body`; ErrorCode::parse "<what>: not valid JSON" otherwise (invalid UTF-8
    // included). Views of an earlier parse of this document become invalid.
    Result<JsonView> parse(std::string_view body, std::string_view what);

  private:
    simdjson::dom::parser m_parser;
};

// The json_border.hpp reads on views: the member or missing; "" / nullopt when missing or of
// another type; text_at is the member as compact JSON ("" when missing).
JsonView member(JsonView object, std::string_view key);
std::string string_at(JsonView object, std::string_view key);
std::optional<double> number_at(JsonView object, std::string_view key);
std::optional<int64_t> int_at(JsonView object, std::string_view key);
std::optional<bool> bool_at(JsonView object, std::string_view key);
std::string text_at(JsonView object, std::string_view key);

// True when `text` is one JSON object (valid UTF-8), checked without building anything.
bool is_json_object(std::string_view text);

}  // namespace lifeline::translate::detail
