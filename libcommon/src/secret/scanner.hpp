#pragma once
// The redaction scanner shared by Redactor (whole texts) and StreamRedactor (chunks).
// Private to the secret module.

#include <string>
#include <string_view>
#include <vector>

#include <lifeline/secret/redactor.hpp>

namespace lifeline::secret::detail {

// Redacts `text` from the start, appending to `out`. With `final` false it stops at the first
// position whose fate depends on bytes not yet seen and returns how many bytes it consumed;
// with `final` true it consumes everything. `state` carries over between calls.
size_t scan(std::string_view text, const std::vector<std::string_view>& values_longest_first,
            ScanState& state, bool final, std::string& out);

// The longest text a key shape may need to see before deciding (prefix + gap + minimum body).
size_t longest_shape_span();

}  // namespace lifeline::secret::detail
