#include <algorithm>
#include <cctype>
#include <charconv>

#include <lifeline/classify/failure_class.hpp>
#include <lifeline/probe/condition.hpp>
#include <lifeline/util/strings.hpp>

namespace lifeline::probe {

using lifeline::ErrorCode;

namespace {

constexpr std::string_view k_class_field = "class";

enum class Op { lt, le, gt, ge, eq, ne };

struct Token {
    enum class Kind { word, number, text, op, and_, or_, not_, open, close, end };
    Kind kind = Kind::end;
    std::string value;
    size_t column = 0;  // 1-based
};

}  // namespace

struct ConditionNode {
    enum class Kind { any_of, all_of, negate, compare };
    Kind kind = Kind::compare;
    std::vector<std::shared_ptr<const ConditionNode>> children;
    size_t field = 0;  // index into Condition::m_fields
    Op op = Op::eq;
    FieldValue operand;
};

namespace {

using NodePtr = std::shared_ptr<const ConditionNode>;

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

class Parser {
  public:
    explicit Parser(std::string_view text) : m_text(text) {}

    lifeline::Result<NodePtr> parse(std::vector<std::string>& fields) {
        m_fields = &fields;
        LIFELINE_TRY_VOID(tokenize());
        NodePtr root = LIFELINE_TRY(parse_or());
        if (peek().kind != Token::Kind::end)
            return lifeline::fail(error_at(peek(), "expected && or || or the end"));
        return root;
    }

  private:
    lifeline::Error error_at(const Token& token, const std::string& expected) const {
        const std::string got =
            token.kind == Token::Kind::end ? "the end" : "\"" + token.value + "\"";
        return lifeline::make_error(ErrorCode::invalid_input, "condition \"" + std::string(m_text) +
                                                                  "\": column " +
                                                                  std::to_string(token.column) +
                                                                  ": " + expected + ", got " + got);
    }

    lifeline::Status tokenize() {
        size_t i = 0;
        while (i < m_text.size()) {
            const char c = m_text[i];
            const size_t column = i + 1;
            if (std::isspace(static_cast<unsigned char>(c)) != 0) {
                ++i;
                continue;
            }
            const std::string_view two = m_text.substr(i, 2);
            if (two == "&&" || two == "||" || two == "<=" || two == ">=" || two == "==" ||
                two == "!=") {
                const Token::Kind kind = two == "&&"   ? Token::Kind::and_
                                         : two == "||" ? Token::Kind::or_
                                                       : Token::Kind::op;
                m_tokens.push_back({kind, std::string(two), column});
                i += 2;
            } else if (c == '<' || c == '>') {
                m_tokens.push_back({Token::Kind::op, std::string(1, c), column});
                ++i;
            } else if (c == '!' || c == '(' || c == ')') {
                const Token::Kind kind = c == '!'   ? Token::Kind::not_
                                         : c == '(' ? Token::Kind::open
                                                    : Token::Kind::close;
                m_tokens.push_back({kind, std::string(1, c), column});
                ++i;
            } else if (c == '"' || c == '\'') {
                const size_t end = m_text.find(c, i + 1);
                if (end == std::string_view::npos) {
                    return lifeline::fail(
                        error_at({Token::Kind::end, "", column}, "expected a closing quote"));
                }
                m_tokens.push_back(
                    {Token::Kind::text, std::string(m_text.substr(i + 1, end - i - 1)), column});
                i = end + 1;
            } else if (is_word_char(c)) {
                size_t end = i;
                while (end < m_text.size() && is_word_char(m_text[end]))
                    ++end;
                const std::string word(m_text.substr(i, end - i));
                const bool numeric = std::isdigit(static_cast<unsigned char>(c)) != 0 ||
                                     (c == '-' && word.size() > 1);
                m_tokens.push_back(
                    {numeric ? Token::Kind::number : Token::Kind::word, word, column});
                i = end;
            } else {
                return lifeline::fail(error_at({Token::Kind::word, std::string(1, c), column},
                                               "expected a field, an operator or a value"));
            }
        }
        m_tokens.push_back({Token::Kind::end, "", m_text.size() + 1});
        return {};
    }

    const Token& peek() const { return m_tokens[m_position]; }
    const Token& next() { return m_tokens[m_position++]; }

    lifeline::Result<NodePtr> parse_or() {
        auto node = std::make_shared<ConditionNode>();
        node->kind = ConditionNode::Kind::any_of;
        node->children.push_back(LIFELINE_TRY(parse_and()));
        while (peek().kind == Token::Kind::or_) {
            next();
            node->children.push_back(LIFELINE_TRY(parse_and()));
        }
        return node->children.size() == 1 ? node->children.front() : NodePtr(node);
    }

    lifeline::Result<NodePtr> parse_and() {
        auto node = std::make_shared<ConditionNode>();
        node->kind = ConditionNode::Kind::all_of;
        node->children.push_back(LIFELINE_TRY(parse_unary()));
        while (peek().kind == Token::Kind::and_) {
            next();
            node->children.push_back(LIFELINE_TRY(parse_unary()));
        }
        return node->children.size() == 1 ? node->children.front() : NodePtr(node);
    }

    lifeline::Result<NodePtr> parse_unary() {
        if (peek().kind == Token::Kind::not_) {
            next();
            auto node = std::make_shared<ConditionNode>();
            node->kind = ConditionNode::Kind::negate;
            node->children.push_back(LIFELINE_TRY(parse_unary()));
            return NodePtr(node);
        }
        if (peek().kind == Token::Kind::open) {
            next();
            NodePtr inner = LIFELINE_TRY(parse_or());
            if (peek().kind != Token::Kind::close)
                return lifeline::fail(error_at(peek(), "expected \")\""));
            next();
            return inner;
        }
        return parse_comparison();
    }

    lifeline::Result<NodePtr> parse_comparison() {
        const Token& field = next();
        if (field.kind != Token::Kind::word)
            return lifeline::fail(error_at(field, "expected a field such as latency_ms"));
        const auto& known = condition_fields();
        if (std::find(known.begin(), known.end(), field.value) == known.end()) {
            const std::string close = lifeline::closest_match(field.value, known);
            return lifeline::fail(error_at(
                field, close.empty() ? "expected a field (" + lifeline::join(known, ", ") + ")"
                                     : "expected a field (did you mean \"" + close + "\"?)"));
        }
        const Token& op_token = next();
        if (op_token.kind != Token::Kind::op)
            return lifeline::fail(error_at(op_token, "expected one of < <= > >= == !="));
        auto node = std::make_shared<ConditionNode>();
        node->op = op_token.value == "<"    ? Op::lt
                   : op_token.value == "<=" ? Op::le
                   : op_token.value == ">"  ? Op::gt
                   : op_token.value == ">=" ? Op::ge
                   : op_token.value == "==" ? Op::eq
                                            : Op::ne;
        const Token& value = next();
        if (field.value == k_class_field) {
            LIFELINE_TRY_VOID(check_class_operand(op_token, value));
            node->operand = value.value;
        } else {
            double number = 0;
            const char* begin = value.value.data();
            const char* end = begin + value.value.size();
            const auto parsed = std::from_chars(begin, end, number);
            if (value.kind != Token::Kind::number || parsed.ec != std::errc() || parsed.ptr != end)
                return lifeline::fail(error_at(value, "expected a number"));
            node->operand = number;
        }
        node->field = field_index(field.value);
        return NodePtr(node);
    }

    lifeline::Status check_class_operand(const Token& op_token, const Token& value) {
        if (op_token.value != "==" && op_token.value != "!=")
            return lifeline::fail(error_at(op_token, "expected == or != after class"));
        if (value.kind != Token::Kind::word && value.kind != Token::Kind::text)
            return lifeline::fail(error_at(value, "expected a failure class or ok"));
        if (value.value == "ok" || lifeline::parse_failure_class(value.value))
            return {};
        std::vector<std::string> ids = lifeline::all_failure_class_ids();
        ids.insert(ids.begin(), "ok");
        const std::string close = lifeline::closest_match(value.value, ids);
        return lifeline::fail(error_at(
            value, close.empty()
                       ? "expected ok or a failure class (" + lifeline::join(ids, ", ") + ")"
                       : "expected a failure class (did you mean \"" + close + "\"?)"));
    }

    size_t field_index(const std::string& name) {
        auto found = std::find(m_fields->begin(), m_fields->end(), name);
        if (found != m_fields->end())
            return static_cast<size_t>(found - m_fields->begin());
        m_fields->push_back(name);
        return m_fields->size() - 1;
    }

    std::string_view m_text;
    std::vector<Token> m_tokens;
    size_t m_position = 0;
    std::vector<std::string>* m_fields = nullptr;
};

bool compare(const FieldValue& actual, Op op, const FieldValue& operand) {
    if (actual.index() != operand.index())
        return op == Op::ne;  // a text field never equals a number (guarded by the parser)
    const auto decide = [op](const auto& a, const auto& b) {
        switch (op) {
            case Op::lt:
                return a < b;
            case Op::le:
                return a <= b;
            case Op::gt:
                return a > b;
            case Op::ge:
                return a >= b;
            case Op::eq:
                return a == b;
            case Op::ne:
                return a != b;
        }
        return false;
    };
    if (const double* number = std::get_if<double>(&actual))
        return decide(*number, std::get<double>(operand));
    return decide(std::get<std::string>(actual), std::get<std::string>(operand));
}

bool evaluate_node(const ConditionNode& node, const std::vector<FieldValue>& values) {
    switch (node.kind) {
        case ConditionNode::Kind::any_of:
            return std::any_of(node.children.begin(), node.children.end(),
                               [&](const NodePtr& child) { return evaluate_node(*child, values); });
        case ConditionNode::Kind::all_of:
            return std::all_of(node.children.begin(), node.children.end(),
                               [&](const NodePtr& child) { return evaluate_node(*child, values); });
        case ConditionNode::Kind::negate:
            return !evaluate_node(*node.children.front(), values);
        case ConditionNode::Kind::compare:
            return compare(values[node.field], node.op, node.operand);
    }
    return false;
}

}  // namespace

const std::vector<std::string>& condition_fields() {
    static const std::vector<std::string> k_fields = {
        "class",
        "connect_ms",
        "credit_remaining",
        "dns_ms",
        "http_status",
        "latency_ms",
        "rate_limit_remaining",
        "rate_limit_remaining_tokens",
        "rate_limit_reset_ms",
        "retry_after_ms",
        "tls_ms",
        "tokens",
        "ttfb_ms",
        "ttft_ms",
    };
    return k_fields;
}

lifeline::Result<Condition> Condition::parse(std::string_view text) {
    Condition condition;
    condition.m_text = std::string(lifeline::trim(text));
    Parser parser(condition.m_text);
    condition.m_root = LIFELINE_TRY(parser.parse(condition.m_fields));
    return condition;
}

bool Condition::evaluate_values(const std::vector<FieldValue>& values) const {
    return evaluate_node(*m_root, values);
}

}  // namespace lifeline::probe
