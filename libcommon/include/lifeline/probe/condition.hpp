#pragma once
// Conditions on probe results, in the spirit of gatus: "latency_ms < 3000", "ttft_ms < 1500",
// "class == ok || class == rate_limited", "http_status == 200 && (ttfb_ms <= 800)".
// A small pure parser and evaluator; no I/O.
//
// Grammar:  expr := and ("||" and)* ;  and := unary ("&&" unary)* ;
//           unary := "!" unary | "(" expr ")" | field op value ;  op := < <= > >= == !=
// Numeric fields take a number; "class" takes a class id or "ok" (== and != only).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <lifeline/util/result.hpp>

namespace lifeline::probe {

// A field's value in one result: a number, or text (class).
using FieldValue = std::variant<double, std::string>;

// The fields a condition may name, sorted (for help and "did you mean").
const std::vector<std::string>& condition_fields();

struct ConditionNode;

class Condition {
  public:
    // Parses `text`. ErrorCode::invalid_input with the text, the 1-based column and what was
    // expected, e.g.: condition "latency_ms < fast": column 14: expected a number, got "fast".
    static lifeline::Result<Condition> parse(std::string_view text);

    // True/false when every field the condition names is present in the result; nullopt when
    // one is absent (the condition does not apply: ttft_ms on an auth probe).
    template <typename Lookup>
    std::optional<bool> evaluate(const Lookup& lookup) const {
        std::vector<FieldValue> values;
        for (const std::string& field : m_fields) {
            std::optional<FieldValue> value = lookup(field);
            if (!value)
                return std::nullopt;
            values.push_back(std::move(*value));
        }
        return evaluate_values(values);
    }

    const std::string& text() const { return m_text; }
    // The distinct fields named, in order of first appearance.
    const std::vector<std::string>& fields() const { return m_fields; }

  private:
    bool evaluate_values(const std::vector<FieldValue>& values) const;

    std::string m_text;
    std::vector<std::string> m_fields;
    std::shared_ptr<const ConditionNode> m_root;
};

}  // namespace lifeline::probe
