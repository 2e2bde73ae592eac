#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include <lifeline/output/prometheus.hpp>

#include "fake_keys.hpp"
#include "memory_file_system.hpp"

namespace lifeline::output {
namespace {

std::vector<MetricFamily> provider_metrics() {
    return {
        {"lifeline_provider_up",
         "1 when the provider answered the last probe.",
         MetricType::gauge,
         {{{{"provider", "openai"}, {"model", "gpt-5.5"}}, 1},
          {{{"provider", "gemini"}, {"model", "gemini-3-1-pro"}}, 0}}},
        {"lifeline_probe_latency_seconds",
         "",
         MetricType::gauge,
         {{{{"provider", "openai"}}, 0.812}}},
        {"lifeline_attempts_total",
         "Attempts by failure class.",
         MetricType::counter,
         {{{{"class", "rate_limited"}}, 3}, {{}, 17}}},
    };
}

TEST(Prometheus, RendersTheTextExpositionFormat) {
    auto text = render_prometheus(provider_metrics(), secret::Redactor());
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_EQ(*text,
              "# HELP lifeline_provider_up 1 when the provider answered the last probe.\n"
              "# TYPE lifeline_provider_up gauge\n"
              "lifeline_provider_up{provider=\"openai\",model=\"gpt-5.5\"} 1\n"
              "lifeline_provider_up{provider=\"gemini\",model=\"gemini-3-1-pro\"} 0\n"
              "# TYPE lifeline_probe_latency_seconds gauge\n"
              "lifeline_probe_latency_seconds{provider=\"openai\"} 0.812\n"
              "# HELP lifeline_attempts_total Attempts by failure class.\n"
              "# TYPE lifeline_attempts_total counter\n"
              "lifeline_attempts_total{class=\"rate_limited\"} 3\n"
              "lifeline_attempts_total 17\n");
}

TEST(Prometheus, EscapesLabelValuesAndHelpAndRedactsThem) {
    EXPECT_EQ(escape_label_value("C:\\tmp \"quoted\"\nnext"), "C:\\\\tmp \\\"quoted\\\"\\nnext");
    EXPECT_EQ(escape_help("a \\ b \"c\"\nd"), "a \\\\ b \"c\"\\nd");
    std::vector<MetricFamily> families = {{"lifeline_key_info",
                                           "Key in use " + testing::fake_openrouter_key(),
                                           MetricType::gauge,
                                           {{{{"key", testing::fake_openrouter_key()}}, 1}}}};
    auto text = render_prometheus(families, secret::Redactor());
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text,
              "# HELP lifeline_key_info Key in use ***\n"
              "# TYPE lifeline_key_info gauge\n"
              "lifeline_key_info{key=\"***\"} 1\n");
}

TEST(Prometheus, FormatsSpecialValues) {
    EXPECT_EQ(format_metric_value(0.25), "0.25");
    EXPECT_EQ(format_metric_value(-3), "-3");
    EXPECT_EQ(format_metric_value(1.5e20), "1.5e+20");
    EXPECT_EQ(format_metric_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_metric_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_metric_value(std::nan("")), "NaN");
}

TEST(Prometheus, RejectsInvalidNamesAndDuplicates) {
    auto error_of = [](std::vector<MetricFamily> families) {
        auto result = render_prometheus(families, secret::Redactor());
        return result.ok() ? std::string("(accepted)") : result.error().message;
    };
    EXPECT_NE(error_of({{"lifeline-up", "", MetricType::gauge, {}}}).find("invalid metric name"),
              std::string::npos);
    EXPECT_NE(error_of({{"9up", "", MetricType::gauge, {}}}).find("invalid metric name"),
              std::string::npos);
    EXPECT_EQ(error_of({{"job:lifeline_up:sum", "", MetricType::gauge, {}}}), "(accepted)");
    EXPECT_NE(error_of({{"up", "", MetricType::gauge, {{{{"provider-name", "x"}}, 1}}}})
                  .find("invalid label name \"provider-name\""),
              std::string::npos);
    EXPECT_NE(
        error_of({{"up", "", MetricType::gauge, {{{{"__name__", "x"}}, 1}}}}).find("reserved"),
        std::string::npos);
    EXPECT_NE(error_of({{"up", "", MetricType::gauge, {{{{"a", "1"}, {"a", "2"}}, 1}}}})
                  .find("label a is given twice"),
              std::string::npos);
    EXPECT_NE(error_of({{"up", "", MetricType::gauge, {{{{"a", "1"}}, 1}, {{{"a", "1"}}, 2}}}})
                  .find("two samples"),
              std::string::npos);
    EXPECT_NE(error_of({{"up", "", MetricType::gauge, {}}, {"up", "", MetricType::gauge, {}}})
                  .find("given twice"),
              std::string::npos);
    EXPECT_NE(error_of({{"x_total", "", MetricType::counter, {{{}, -1}}}}).find("negative"),
              std::string::npos);
}

TEST(Prometheus, TextfilesAreWrittenAtomicallyAndMustEndInProm) {
    testing::MemoryFileSystem fs;
    secret::Redactor redactor;
    ASSERT_TRUE(write_prometheus_textfile(fs, "/var/lib/node_exporter/textfile/lifeline.prom",
                                          provider_metrics(), redactor)
                    .ok());
    EXPECT_EQ(fs.read_file("/var/lib/node_exporter/textfile/lifeline.prom").value(),
              render_prometheus(provider_metrics(), redactor).value());
    auto wrong = write_prometheus_textfile(fs, "/tmp/lifeline.txt", provider_metrics(), redactor);
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().message.find("must end in .prom"), std::string::npos);
    EXPECT_FALSE(fs.exists("/tmp/lifeline.txt"));
}

}  // namespace
}  // namespace lifeline::output
