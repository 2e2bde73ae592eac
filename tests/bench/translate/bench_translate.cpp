// Translation cost against the cheapest thing a proxy could do with the same bytes: parse
// them with nlohmann and dump them again; and the pass-through read of the same request
// (model, stream, re-addressed to another model) against an ordered nlohmann parse+copy+dump,
// which is what the proxy did before. Prints per-call times and the ratios at the end.

#include <map>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <lifeline/translate/codec.hpp>
#include <lifeline/translate/request_head.hpp>
#include <lifeline/translate/stream_encoder.hpp>
#include <lifeline/translate/stream_translator.hpp>

namespace {

using lifeline::translate::Api;
using nlohmann::json;

// A Codex-shaped request of about 40 KB: instructions, tools, and a long tool-using session.
std::string codex_request() {
    json input = json::array();
    input.push_back({{"type", "message"},
                     {"role", "developer"},
                     {"content", {{{"type", "input_text"}, {"text", std::string(1500, 'p')}}}}});
    input.push_back({{"type", "message"},
                     {"role", "user"},
                     {"content", {{{"type", "input_text"}, {"text", "Fix the failing test."}}}}});
    for (int i = 0; input.dump().size() < 36000; ++i) {
        std::string id = "call_" + std::to_string(i);
        input.push_back({{"type", "reasoning"},
                         {"summary", {{{"type", "summary_text"}, {"text", "Checking step " + id}}}},
                         {"encrypted_content", std::string(300, 'e')}});
        input.push_back({{"type", "function_call"},
                         {"call_id", id},
                         {"name", "exec_command"},
                         {"arguments", json{{"cmd", "grep -rn thing src/" + id}}.dump()}});
        input.push_back({{"type", "function_call_output"},
                         {"call_id", id},
                         {"output", "src/a.c:12: thing();\nsrc/b.c:40: other_thing(" + id + ");\n" +
                                        std::string(400, 'o')}});
    }
    json tools = json::array();
    for (const char* name : {"exec_command", "write_stdin", "view_image", "update_plan"})
        tools.push_back({{"type", "function"},
                         {"name", name},
                         {"description", std::string(200, 'd')},
                         {"parameters",
                          {{"type", "object"},
                           {"properties", {{"cmd", {{"type", "string"}}}}},
                           {"required", {"cmd"}}}}});
    tools.push_back(
        {{"type", "custom"},
         {"name", "apply_patch"},
         {"description", "Edit files."},
         {"format",
          {{"type", "grammar"}, {"syntax", "lark"}, {"definition", std::string(800, 'g')}}}});
    tools.push_back({{"type", "web_search"}});
    json body = {{"model", "gpt-5.5"},
                 {"instructions", std::string(2000, 'i')},
                 {"input", input},
                 {"tools", tools},
                 {"tool_choice", "auto"},
                 {"parallel_tool_calls", true},
                 {"reasoning", {{"effort", "medium"}}},
                 {"store", false},
                 {"stream", true},
                 {"prompt_cache_key", "019a"}};
    return body.dump();
}

// An Anthropic stream of 500 events: text deltas, a tool call, the end.
std::string anthropic_stream() {
    using namespace lifeline::translate;
    std::unique_ptr<StreamEncoder> encoder = make_stream_encoder(Api::messages);
    std::string out;
    encoder->encode(message_start_event("msg_1", "claude"), out);
    encoder->encode(block_start_event(0, BlockKind::text), out);
    for (int i = 0; i < 480; ++i)
        encoder->encode(
            delta_event(StreamEventType::text_delta, 0, "word " + std::to_string(i) + " "), out);
    encoder->encode(block_stop_event(0), out);
    encoder->encode(block_start_event(1, BlockKind::tool_call, "toolu_1", "exec_command"), out);
    for (int i = 0; i < 10; ++i)
        encoder->encode(
            delta_event(StreamEventType::arguments_delta, 1, i == 0 ? "{\"cmd\":\"" : "ls "), out);
    encoder->encode(delta_event(StreamEventType::arguments_delta, 1, "\"}"), out);
    encoder->encode(block_stop_event(1), out);
    encoder->encode(message_end_event(StopReason::tool_use, {1000, 500, 600, 0, 0}), out);
    return out;
}

constexpr int k_stream_events = 500;

const std::string& request_bytes() {
    static const std::string bytes = codex_request();
    return bytes;
}

const std::string& stream_bytes() {
    static const std::string bytes = anthropic_stream();
    return bytes;
}

void BM_RequestCodexToAnthropic(benchmark::State& state) {
    for (auto _ : state) {
        auto request = lifeline::translate::decode_request(Api::responses, request_bytes());
        lifeline::translate::EncodeReport report;
        std::string out =
            lifeline::translate::encode_request(Api::messages, request.value(), report);
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * request_bytes().size()));
}

void BM_RequestNlohmannParseDump(benchmark::State& state) {
    for (auto _ : state) {
        std::string out = json::parse(request_bytes()).dump();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * request_bytes().size()));
}

// What failover-proxy does with a request it passes through: read its model and stream, and
// re-address it to the upstream's model.
void BM_PassThroughReadAndReaddress(benchmark::State& state) {
    for (auto _ : state) {
        auto head = lifeline::translate::read_request_head(request_bytes());
        std::string out = lifeline::translate::with_model(request_bytes(), head.value(), "gpt-5.5");
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * request_bytes().size()));
}

// The same with an ordered nlohmann tree (parse, copy, set the model, dump).
void BM_PassThroughNlohmannOrdered(benchmark::State& state) {
    for (auto _ : state) {
        nlohmann::ordered_json body = nlohmann::ordered_json::parse(request_bytes());
        nlohmann::ordered_json copy = body;
        copy["model"] = "gpt-5.5";
        std::string out = copy.dump();
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * request_bytes().size()));
}

void BM_Stream500AnthropicToResponses(benchmark::State& state) {
    for (auto _ : state) {
        lifeline::translate::StreamTranslator translator(Api::messages, Api::responses);
        std::string out;
        (void)translator.feed(stream_bytes(), out);
        translator.finish(out);
        benchmark::DoNotOptimize(out);
    }
    state.counters["events"] = k_stream_events;
}

// The baseline: parse and dump every event's data.
void BM_Stream500NlohmannParseDump(benchmark::State& state) {
    for (auto _ : state) {
        std::string out;
        const std::string& bytes = stream_bytes();
        for (size_t pos = bytes.find("data: "); pos != std::string::npos;
             pos = bytes.find("data: ", pos)) {
            size_t end = bytes.find('\n', pos);
            out += json::parse(bytes.substr(pos + 6, end - pos - 6)).dump();
            pos = end;
        }
        benchmark::DoNotOptimize(out);
    }
}

BENCHMARK(BM_RequestCodexToAnthropic)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RequestNlohmannParseDump)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PassThroughReadAndReaddress)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PassThroughNlohmannOrdered)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Stream500AnthropicToResponses)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Stream500NlohmannParseDump)->Unit(benchmark::kMicrosecond);

// Keeps each benchmark's time per iteration for the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs)
            m_ns[run.benchmark_name()] = run.GetAdjustedRealTime() * 1000.0;  // us -> ns
    }
    double ns(const std::string& name) const {
        auto it = m_ns.find(name);
        return it == m_ns.end() ? 0 : it->second;
    }

  private:
    std::map<std::string, double> m_ns;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    double request = reporter.ns("BM_RequestCodexToAnthropic");
    double request_base = reporter.ns("BM_RequestNlohmannParseDump");
    double pass = reporter.ns("BM_PassThroughReadAndReaddress");
    double pass_base = reporter.ns("BM_PassThroughNlohmannOrdered");
    double stream = reporter.ns("BM_Stream500AnthropicToResponses");
    double stream_base = reporter.ns("BM_Stream500NlohmannParseDump");
    std::printf(
        "\nrequest: %zu bytes, %.3f ms per translation (goal < 0.2 ms), %.2fx nlohmann "
        "parse+dump\n",
        request_bytes().size(), request / 1e6, request_base > 0 ? request / request_base : 0.0);
    std::printf(
        "pass-through: %.3f ms to read and re-address the request, %.2fx an ordered "
        "nlohmann parse+copy+dump\n",
        pass / 1e6, pass_base > 0 ? pass / pass_base : 0.0);
    std::printf("stream: %d events, %.3f us per event (goal < 1 us), %.2fx nlohmann parse+dump\n",
                k_stream_events, stream / 1e3 / k_stream_events,
                stream_base > 0 ? stream / stream_base : 0.0);
    benchmark::Shutdown();
    return 0;
}
