#pragma once
// Responses API items (the `input` of a request, the `output` of a response) to and from
// neutral messages and parts.

#include <string>
#include <vector>

#include <lifeline/translate/codec.hpp>

#include "json_border.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"

namespace lifeline::translate::detail {

// The `input` array as messages: assistant-side items (assistant messages, calls, reasoning)
// of one turn merge into one assistant message, consecutive outputs into one user message.
Result<std::vector<Message>> decode_input_items(JsonView input, EncodeReport& notes);

// A `namespace` tool container: its function tools are appended to `tools` as top-level
// functions (noted); a container without functions is dropped (noted).
Status decode_namespace(JsonView item, const std::string& path, std::vector<Tool>& tools,
                        EncodeReport& notes);

// Writes messages as the `input` array for an upstream: reasoning not OpenAI's own is
// stripped (reported).
void write_input_items(JsonWriter& out, const std::vector<Message>& messages, EncodeReport& report);

// An output item (message, function_call, custom_tool_call, reasoning) appended as parts;
// other item types are skipped. ErrorCode::invalid_input for an item without a type.
Status decode_output_item(JsonView item, const std::string& path, std::vector<Part>& parts);

// A part as a client-facing output item, with id `item_id`; reasoning state of other vendors
// goes into encrypted_content as a lifeline envelope.
Json encode_output_item(const Part& part, const std::string& item_id);

// A reasoning item's summary texts joined with "\n\n".
std::string reasoning_summary_text(JsonView item);

}  // namespace lifeline::translate::detail
