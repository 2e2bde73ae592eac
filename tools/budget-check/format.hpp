#pragma once
// Number formatting shared by the report's renderers (internal to budget-check).

#include <cstdint>
#include <cstdio>
#include <string>

namespace lifeline::budget {

// 1234567 -> "1,234,567".
inline std::string with_commas(int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

// "$12.34"; four decimals below a dollar.
inline std::string usd(double value) {
    char text[32];
    // Cents hide small runs ($0.0045 would print as $0.00).
    std::snprintf(text, sizeof text, value != 0 && value < 1 ? "$%.4f" : "$%.2f", value);
    return text;
}

// printf("%.*f").
inline std::string fixed(double value, int decimals) {
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

}  // namespace lifeline::budget
