// proxy_loadgen: the bench's load generator on its own, for scripts (the soak). Sends POSTs
// to 127.0.0.1:PORT at a fixed rate (open loop; or, with --connections N, N connections back
// to back: closed loop) for a while, the bodies in turn, then waits up to --drain for the
// last replies and prints one line of key=value counts:
//   offered sent completed ok non2xx broken unfinished retried rate median_ms p99_ms
//   status_NNN...
// Exit 0 once the run ended (whatever the replies were), 2 for bad arguments.
//   proxy_loadgen --port 4141 --path /v1/chat/completions -H 'Authorization: Bearer T'
//                 --body a.json --body b.json --rate 100 --seconds 60

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "latency_stats.hpp"
#include "load_generator.hpp"
#include "requests.hpp"

namespace {

std::string read_body(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr)
        return {};
    std::string content;
    char buffer[65536];
    for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;)
        content.append(buffer, got);
    std::fclose(file);
    return content;
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    std::string path = "/v1/chat/completions";
    std::vector<std::string> headers;
    std::vector<std::string> body_files;
    double rate = 100;
    double seconds = 10;
    double drain = 30;
    int max_connections = 256;
    int connections = 0;
    CLI::App app{"Open-loop HTTP load on 127.0.0.1 (failover-proxy soak)"};
    app.add_option("--port", port, "Port on 127.0.0.1")->required();
    app.add_option("--path", path, "Request path")->capture_default_str();
    app.add_option("-H,--header", headers, "'Name: value', repeatable");
    app.add_option("--body", body_files, "JSON body file, repeatable (used in turn)")->required();
    app.add_option("--rate", rate, "Requests per second")->capture_default_str();
    app.add_option("--seconds", seconds, "How long to send")->capture_default_str();
    app.add_option("--drain", drain, "How long to wait for the last replies")
        ->capture_default_str();
    app.add_option("--max-connections", max_connections, "Connections at most")
        ->capture_default_str();
    app.add_option("--connections", connections,
                   "Closed loop: this many connections back to back instead of --rate");
    CLI11_PARSE(app, argc, argv);

    proxy_bench::HeaderList header_list;
    for (const std::string& header : headers) {
        const size_t colon = header.find(':');
        if (colon == std::string::npos) {
            std::cerr << "proxy_loadgen: error: header \"" << header << "\" has no ':'\n";
            return 2;
        }
        const size_t value = header.find_first_not_of(' ', colon + 1);
        header_list.push_back(
            {header.substr(0, colon), value == std::string::npos ? "" : header.substr(value)});
    }
    proxy_bench::LoadTarget target;
    target.port = static_cast<uint16_t>(port);
    for (const std::string& file : body_files) {
        const std::string body = read_body(file);
        if (body.empty()) {
            std::cerr << "proxy_loadgen: error: cannot read " << file << "\n";
            return 2;
        }
        target.requests.push_back(proxy_bench::http_post(path, header_list, body));
    }
    const auto duration = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
    const auto drain_time = std::chrono::milliseconds(static_cast<int64_t>(drain * 1000));
    proxy_bench::LoadResult result;
    if (connections > 0) {
        result = proxy_bench::run_closed_loop(target, {connections, duration, drain_time});
    } else {
        proxy_bench::OpenLoopPlan plan;
        plan.rate = rate;
        plan.duration = duration;
        plan.drain = drain_time;
        plan.initial_connections = std::min(16, max_connections);
        plan.max_connections = max_connections;
        result = proxy_bench::run_open_loop(target, plan);
    }
    const proxy_bench::LatencySummary latency = proxy_bench::summarize(result.latency_us);
    std::printf(
        "offered=%lld sent=%lld completed=%lld ok=%lld non2xx=%lld broken=%lld "
        "unfinished=%lld retried=%lld rate=%.0f median_ms=%.3f p99_ms=%.3f",
        static_cast<long long>(result.offered), static_cast<long long>(result.sent),
        static_cast<long long>(result.completed), static_cast<long long>(result.ok()),
        static_cast<long long>(result.completed - result.ok()),
        static_cast<long long>(result.transport_errors), static_cast<long long>(result.unfinished),
        static_cast<long long>(result.retried), result.rate(), latency.median_ms, latency.p99_ms);
    for (const auto& [status, count] : result.statuses)
        std::printf(" status_%d=%lld", status, static_cast<long long>(count));
    std::printf("\n");
    return 0;
}
