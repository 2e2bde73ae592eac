#include <sstream>

#include <gtest/gtest.h>

#include <lifeline/core/version.hpp>
#include <lifeline/output/json_sink.hpp>
#include <lifeline/output/status.hpp>
#include <lifeline/output/text.hpp>

#include "fake_keys.hpp"
#include "memory_file_system.hpp"

namespace lifeline::output {
namespace {

StatusDocument probe_document() {
    StatusDocument document;
    document.tool = "probe-endpoint";
    document.status = RunStatus::degraded;
    document.exit_code = 0;
    document.started_at = from_unix_ms(1'795'255'200'000);  // 2026-11-21T10:00:00Z
    document.duration = Duration{812};
    document.summary = "2 of 3 providers healthy";
    document.data = {{"healthy", {"openai", "anthropic"}}};
    document.errors.push_back(StatusError::of(
        FailureClass::rate_limited, "openrouter: 429 Rate limit exceeded: free-models-per-day"));
    return document;
}

TEST(StatusDocument, HasDesignMdFieldsInDesignMdOrder) {
    const std::string version = k_version;
    EXPECT_EQ(probe_document().to_json().dump(),
              R"({"schema":"lifeline.status/v1","tool":"probe-endpoint","version":")" + version +
                  R"(","status":"degraded","exit_code":0,"started_at":"2026-11-21T10:00:00Z",)"
                  R"("duration_ms":812,"summary":"2 of 3 providers healthy",)"
                  R"("data":{"healthy":["openai","anthropic"]},)"
                  R"("errors":[{"class":"rate_limited","message":"openrouter: 429 Rate limit )"
                  R"(exceeded: free-models-per-day"}]})");
}

TEST(StatusDocument, StatusIdsRoundTripAndNullDataPrintsAsObject) {
    for (RunStatus status :
         {RunStatus::ok, RunStatus::degraded, RunStatus::failed, RunStatus::error})
        EXPECT_EQ(parse_run_status(to_string(status)), status);
    EXPECT_EQ(parse_run_status("healthy"), std::nullopt);
    StatusDocument document;
    document.data = nullptr;
    EXPECT_TRUE(document.to_json()["data"].is_object());
    EXPECT_TRUE(document.to_json()["errors"].is_array());
}

TEST(JsonSink, PrettyPrintsWithTwoSpacesAndRedactsEveryString) {
    secret::Redactor redactor;
    redactor.add_value("vault-token-\"quoted\"-42");
    StatusDocument document;
    document.tool = "pick-provider";
    document.started_at = from_unix_ms(1'795'255'200'000);
    document.summary = "picked openrouter with " + testing::fake_openrouter_key();
    document.data = {{"token", "vault-token-\"quoted\"-42"}};
    const std::string version = k_version;
    EXPECT_EQ(render_json(document, redactor),
              "{\n"
              "  \"schema\": \"lifeline.status/v1\",\n"
              "  \"tool\": \"pick-provider\",\n"
              "  \"version\": \"" +
                  version +
                  "\",\n"
                  "  \"status\": \"ok\",\n"
                  "  \"exit_code\": 0,\n"
                  "  \"started_at\": \"2026-11-21T10:00:00Z\",\n"
                  "  \"duration_ms\": 0,\n"
                  "  \"summary\": \"picked openrouter with ***\",\n"
                  "  \"data\": {\n"
                  "    \"token\": \"***\"\n"
                  "  },\n"
                  "  \"errors\": []\n"
                  "}\n");
}

TEST(JsonSink, InvalidUtf8IsReplacedNotThrownAndFilesAreWrittenAtomically) {
    secret::Redactor redactor;
    StatusDocument document;
    document.tool = "run-with-failover";
    document.summary = "agent printed \xff\xfe";
    std::ostringstream out;
    write_json(out, document, redactor);
    EXPECT_NE(out.str().find("agent printed \xef\xbf\xbd\xef\xbf\xbd"), std::string::npos);

    testing::MemoryFileSystem fs;
    ASSERT_TRUE(write_status_file(fs, "out/status.json", document, redactor).ok());
    EXPECT_EQ(fs.read_file("out/status.json").value(), out.str());
}

TEST(TextRenderer, AlignsColumnsByCharactersNotBytes) {
    EXPECT_EQ(render_table({"PROVIDER", "STATUS", "LATENCY"}, {{"openai", "ok", "812ms"},
                                                               {"mistral-café", "region_blocked"},
                                                               {"local", "ok", "3ms"}}),
              "PROVIDER      STATUS          LATENCY\n"
              "openai        ok              812ms\n"
              "mistral-café  region_blocked\n"
              "local         ok              3ms\n");
}

TEST(TextRenderer, RendersTheDocumentForPeopleRedacted) {
    secret::Redactor redactor;
    StatusDocument document = probe_document();
    document.errors.push_back(
        {"auth", "anthropic: 401 invalid x-api-key " + testing::fake_anthropic_key()});
    EXPECT_EQ(render_text(document, redactor),
              "probe-endpoint: degraded (exit 0): 2 of 3 providers healthy\n"
              "  rate_limited: openrouter: 429 Rate limit exceeded: free-models-per-day\n"
              "  auth: anthropic: 401 invalid x-api-key ***\n");
}

}  // namespace
}  // namespace lifeline::output
