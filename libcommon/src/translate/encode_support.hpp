#pragma once
// Decisions every upstream encoder makes the same way: which reasoning and hosted tools may
// go to an upstream, and how custom (freeform) tools look to an API without them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lifeline/translate/codec.hpp>
#include <lifeline/translate/model.hpp>

#include "json_border.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"

namespace lifeline::translate::detail {

// True when `reasoning` may be sent to an upstream of `upstream`: it is that vendor's own and
// carries its state. Callers report what they strip.
bool keep_reasoning(Api upstream, const Reasoning& reasoning);

// True when a hosted tool may be sent to `upstream` (it came from the same API).
bool keep_hosted_tool(Api upstream, const Tool& tool);

// Adds "<path>: <what>" to the report.
void report_drop(EncodeReport& report, const std::string& path, const std::string& what);

// Arguments as a JSON object for APIs that need one: a custom call's string becomes
// {"input": "..."}; function arguments that are not a JSON object become {} (reported). The
// text form is valid JSON to splice with JsonWriter::raw; the Json form is parsed from it.
std::string arguments_object_text(const ToolCall& call, EncodeReport& report,
                                  const std::string& path);

// The reverse for a custom call: the plain input of arguments {"input": "..."}; nullopt when
// `arguments` is not such an object.
std::optional<std::string> custom_input(std::string_view arguments);
Json arguments_object(const ToolCall& call, EncodeReport& report, const std::string& path);

// The arguments text for APIs that carry it as a string (custom calls wrapped as above).
std::string arguments_text(const ToolCall& call);

// The JSON schema a custom tool gets as a function: one required string parameter `input`.
std::string_view custom_tool_schema_text();

// The function description for a custom tool: its description plus its format, so the model
// still sees the grammar it must follow.
std::string custom_tool_description(const Tool& tool);

// A tool's parameters schema as JSON text to splice: the tool's own text when it is one JSON
// object, else {"type":"object","properties":{}}.
std::string_view parameters_schema_text(const Tool& tool);

// A hosted tool's JSON as its origin sent it; {} when it is not a JSON object.
std::string_view hosted_tool_text(const Tool& tool);

// The tool result's text parts joined with "\n" (images left out).
std::string result_text(const ToolResult& result);

// True when the result has an image part.
bool result_has_image(const ToolResult& result);

// Reasoning effort for a thinking budget, and a budget for an effort (Anthropic, Gemini).
std::string effort_for_budget(int64_t budget);
int64_t budget_for_effort(const std::string& effort);

// Messages with the roles `system` folded: leading system messages are returned in `system`
// (after request.system), later ones become user text. For APIs with one system field.
std::vector<Message> fold_system_messages(const Request& request, std::vector<std::string>& system);

// Consecutive messages of the same role merged (APIs that want alternating turns).
std::vector<Message> merge_same_role(std::vector<Message> messages);

}  // namespace lifeline::translate::detail
