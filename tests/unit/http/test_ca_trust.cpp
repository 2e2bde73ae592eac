// Which CAs TLS verification trusts, from the environment (src/http/ca_trust.hpp): the curl
// CLI's variables, so a private CA set up for curl works for lifeline unchanged.

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "ca_trust.hpp"
#include "fake_environment.hpp"

namespace lifeline::http::detail {
namespace {

using lifeline::testing::FakeEnvironment;
using Variables = std::map<std::string, std::string>;

TEST(CaTrust, NothingSetKeepsLibcurlsDefaults) {
    EXPECT_EQ(ca_trust_from(FakeEnvironment{}), CaTrust{});
}

TEST(CaTrust, CurlCaBundleIsTheBundle) {
    FakeEnvironment environment(Variables{{"CURL_CA_BUNDLE", "/etc/corp/ca.pem"}});
    EXPECT_EQ(ca_trust_from(environment), (CaTrust{"/etc/corp/ca.pem", ""}));
}

TEST(CaTrust, CurlCaBundleWinsOverSslCertFile) {
    FakeEnvironment environment(
        Variables{{"CURL_CA_BUNDLE", "/etc/corp/ca.pem"}, {"SSL_CERT_FILE", "/etc/ssl/other.pem"}});
    EXPECT_EQ(ca_trust_from(environment).bundle, "/etc/corp/ca.pem");
}

TEST(CaTrust, SslCertFileIsTheBundleWhenCurlCaBundleIsUnsetOrEmpty) {
    FakeEnvironment environment(Variables{{"SSL_CERT_FILE", "/etc/ssl/other.pem"}});
    EXPECT_EQ(ca_trust_from(environment).bundle, "/etc/ssl/other.pem");
    environment.set("CURL_CA_BUNDLE", "");
    EXPECT_EQ(ca_trust_from(environment).bundle, "/etc/ssl/other.pem");
}

TEST(CaTrust, SslCertDirIsTheDirectoryAlongsideAnyBundle) {
    FakeEnvironment environment(Variables{{"SSL_CERT_DIR", "/etc/corp/certs"}});
    EXPECT_EQ(ca_trust_from(environment), (CaTrust{"", "/etc/corp/certs"}));
    environment.set("CURL_CA_BUNDLE", "/etc/corp/ca.pem");
    EXPECT_EQ(ca_trust_from(environment), (CaTrust{"/etc/corp/ca.pem", "/etc/corp/certs"}));
}

TEST(CaTrust, EmptyVariablesAreMissing) {
    FakeEnvironment environment(
        Variables{{"CURL_CA_BUNDLE", ""}, {"SSL_CERT_FILE", ""}, {"SSL_CERT_DIR", ""}});
    EXPECT_EQ(ca_trust_from(environment), CaTrust{});
}

}  // namespace
}  // namespace lifeline::http::detail
