#include <gtest/gtest.h>

#include <lifeline/output/junit.hpp>

#include "fake_keys.hpp"
#include "memory_file_system.hpp"

namespace lifeline::output {
namespace {

TEST(JUnit, RendersSuitesCasesFailuresAndTotals) {
    JUnitSuite suite;
    suite.name = "probe-endpoint";
    suite.timestamp = from_unix_ms(1'795'255'200'000);
    JUnitCase openai{"openai/gpt-5.5", "probe-endpoint", Duration{812}, {}, {}, ""};
    JUnitCase gemini{"gemini/gemini-3-1-pro", "probe-endpoint", Duration{1'204}, {}, {}, ""};
    gemini.failure = JUnitFailure{JUnitFailure::Kind::failure,
                                  "400 FAILED_PRECONDITION: User location is not supported",
                                  "region_blocked", ""};
    JUnitCase local{"local/qwen", "probe-endpoint", Duration{0}, {}, {}, ""};
    local.failure = JUnitFailure{JUnitFailure::Kind::error, "connect to 127.0.0.1:8000 refused",
                                 "network", "curl: (7) Failed to connect"};
    local.system_out = "tried 1 time";
    JUnitCase mistral{"mistral/large",
                      "probe-endpoint",
                      Duration{0},
                      {},
                      std::string("denied jurisdiction EU"),
                      ""};
    suite.cases = {openai, gemini, local, mistral};

    EXPECT_EQ(
        render_junit({suite}, secret::Redactor()),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"lifeline\" tests=\"4\" failures=\"1\" errors=\"1\" "
        "skipped=\"1\" time=\"2.016\">\n"
        "  <testsuite name=\"probe-endpoint\" tests=\"4\" failures=\"1\" errors=\"1\" "
        "skipped=\"1\" time=\"2.016\" timestamp=\"2026-11-21T10:00:00Z\">\n"
        "    <testcase name=\"openai/gpt-5.5\" classname=\"probe-endpoint\" time=\"0.812\"/>\n"
        "    <testcase name=\"gemini/gemini-3-1-pro\" classname=\"probe-endpoint\" "
        "time=\"1.204\">\n"
        "      <failure message=\"400 FAILED_PRECONDITION: User location is not supported\" "
        "type=\"region_blocked\"/>\n"
        "    </testcase>\n"
        "    <testcase name=\"local/qwen\" classname=\"probe-endpoint\" time=\"0.000\">\n"
        "      <error message=\"connect to 127.0.0.1:8000 refused\" type=\"network\">curl: "
        "(7) Failed to connect</error>\n"
        "      <system-out>tried 1 time</system-out>\n"
        "    </testcase>\n"
        "    <testcase name=\"mistral/large\" classname=\"probe-endpoint\" time=\"0.000\">\n"
        "      <skipped message=\"denied jurisdiction EU\"/>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
}

TEST(JUnit, EscapesMarkupAndDropsForbiddenControlCharacters) {
    EXPECT_EQ(escape_xml("<error code=\"429\">Tom & Jerry's</error>"),
              "&lt;error code=&quot;429&quot;&gt;Tom &amp; Jerry&apos;s&lt;/error&gt;");
    EXPECT_EQ(escape_xml(std::string("a\x01"
                                     "b\x1b[31mc\td\ne\rf\0g",
                                     18)),
              "ab[31mc\td\ne\rfg");
}

TEST(JUnit, SecretsInFailuresAndOutputAreRedactedBeforeEscaping) {
    secret::Redactor redactor;
    redactor.add_value("p&ssw<rd-for-proxy");
    JUnitCase test{"openrouter", "run-with-failover", Duration{5}, {}, {}, ""};
    test.failure =
        JUnitFailure{JUnitFailure::Kind::failure, "401 with key " + testing::fake_openrouter_key(),
                     "auth", "proxy said: p&ssw<rd-for-proxy rejected"};
    test.system_out = "Authorization: Bearer " + testing::fake_body(40, 1);
    testing::MemoryFileSystem fs;
    ASSERT_TRUE(
        write_junit(fs, "reports/junit.xml", {{"chain", std::nullopt, {test}}}, redactor).ok());
    const std::string xml = fs.read_file("reports/junit.xml").value();
    EXPECT_NE(xml.find("message=\"401 with key ***\""), std::string::npos);
    EXPECT_NE(xml.find(">proxy said: *** rejected</failure>"), std::string::npos);
    EXPECT_NE(xml.find("<system-out>Authorization: Bearer ***</system-out>"), std::string::npos);
    EXPECT_EQ(xml.find("ssw"), std::string::npos);
}

}  // namespace
}  // namespace lifeline::output
