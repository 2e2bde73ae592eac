#include <cstdio>

#include <lifeline/output/junit.hpp>

namespace lifeline::output {
namespace {

std::string seconds(Duration duration) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

struct Totals {
    size_t tests = 0;
    size_t failures = 0;
    size_t errors = 0;
    size_t skipped = 0;
    Duration time{0};

    void add(const Totals& other) {
        tests += other.tests;
        failures += other.failures;
        errors += other.errors;
        skipped += other.skipped;
        time += other.time;
    }
    std::string attributes() const {
        return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
               "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) +
               "\" time=\"" + seconds(time) + "\"";
    }
};

Totals totals_of(const JUnitSuite& suite) {
    Totals totals;
    for (const JUnitCase& test : suite.cases) {
        ++totals.tests;
        totals.time += test.time;
        if (test.failure)
            ++(test.failure->kind == JUnitFailure::Kind::error ? totals.errors : totals.failures);
        else if (test.skipped)
            ++totals.skipped;
    }
    return totals;
}

class Writer {
  public:
    explicit Writer(const secret::Redactor& redactor) : m_redactor(redactor) {}
    // Redact first: once escaped, a secret containing '&' would no longer match.
    std::string text(std::string_view raw) const { return escape_xml(m_redactor.redact(raw)); }

  private:
    const secret::Redactor& m_redactor;
};

void render_case(std::string& out, const JUnitCase& test, const Writer& w) {
    out += "    <testcase name=\"" + w.text(test.name) + "\" classname=\"" +
           w.text(test.classname) + "\" time=\"" + seconds(test.time) + "\"";
    if (!test.failure && !test.skipped && test.system_out.empty()) {
        out += "/>\n";
        return;
    }
    out += ">\n";
    if (test.failure) {
        const char* element = test.failure->kind == JUnitFailure::Kind::error ? "error" : "failure";
        out += std::string("      <") + element + " message=\"" + w.text(test.failure->message) +
               "\" type=\"" + w.text(test.failure->type) + "\"";
        if (test.failure->details.empty())
            out += "/>\n";
        else
            out += ">" + w.text(test.failure->details) + "</" + element + ">\n";
    } else if (test.skipped) {
        out += "      <skipped message=\"" + w.text(*test.skipped) + "\"/>\n";
    }
    if (!test.system_out.empty())
        out += "      <system-out>" + w.text(test.system_out) + "</system-out>\n";
    out += "    </testcase>\n";
}

}  // namespace

std::string escape_xml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                    out += c;
        }
    }
    return out;
}

std::string render_junit(const std::vector<JUnitSuite>& suites, const secret::Redactor& redactor) {
    const Writer w(redactor);
    Totals all;
    for (const JUnitSuite& suite : suites)
        all.add(totals_of(suite));
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites name=\"lifeline\"" + all.attributes() + ">\n";
    for (const JUnitSuite& suite : suites) {
        out += "  <testsuite name=\"" + w.text(suite.name) + "\"" + totals_of(suite).attributes();
        if (suite.timestamp)
            out += " timestamp=\"" + format_rfc3339(*suite.timestamp) + "\"";
        out += ">\n";
        for (const JUnitCase& test : suite.cases)
            render_case(out, test, w);
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

Status write_junit(FileSystem& fs, const std::string& path, const std::vector<JUnitSuite>& suites,
                   const secret::Redactor& redactor) {
    return fs.write_file_atomic(path, render_junit(suites, redactor));
}

}  // namespace lifeline::output
