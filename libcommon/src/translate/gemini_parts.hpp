#pragma once
// Gemini `parts` to and from neutral parts. Gemini carries reasoning state as a
// `thoughtSignature` on the part after the thought (often a functionCall); neutrally it is a
// Reasoning part placed before that part, so both shapes convert without loss.

#include <map>
#include <string>
#include <vector>

#include <lifeline/translate/codec.hpp>

#include "json_border.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"

namespace lifeline::translate::detail {

// Gemini function calls may come without ids: this makes up "call_<n>" ids and pairs each
// functionResponse without an id with the earliest unanswered call of the same name.
class GeminiCallIds {
  public:
    std::string for_call(const std::string& name, const std::string& given);
    std::string for_response(const std::string& name, const std::string& given);

  private:
    int m_next = 0;
    std::vector<std::pair<std::string, std::string>> m_pending;  // (id, name)
};

// Appends the neutral parts of one Gemini part. ErrorCode::invalid_input for a part of an
// unknown shape; code-execution parts are dropped (noted).
Status decode_gemini_part(JsonView part, const std::string& path, std::vector<Part>& out,
                          GeminiCallIds& ids, EncodeReport& notes);

// Whom the parts are for: an upstream Gemini (foreign reasoning stripped) or a Gemini client
// (foreign reasoning state kept inside a lifeline envelope on a thought part).
enum class GeminiAudience { upstream, client };

// Writes the Gemini parts of `parts` as one JSON array. `names` maps call ids to tool names
// for functionResponse.
void write_gemini_parts(JsonWriter& out, const std::vector<Part>& parts, GeminiAudience audience,
                        const std::map<std::string, std::string>& names, EncodeReport& report,
                        const std::string& path);

// The same parts as Json (what write_gemini_parts writes, parsed), for the response encoder.
Json encode_gemini_parts(const std::vector<Part>& parts, GeminiAudience audience,
                         const std::map<std::string, std::string>& names, EncodeReport& report,
                         const std::string& path);

}  // namespace lifeline::translate::detail
