// The key-management endpoints called directly: each endpoint's answer in both APIs' shapes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "key_api.hpp"

namespace provider_sim {
namespace {

using nlohmann::json;

class KeyApiTest : public ::testing::Test {
  protected:
    SimResponse call(Family family, Endpoint endpoint, std::string body = {}, std::string id = {}) {
        SimRequest request;
        request.body = std::move(body);
        Route route;
        route.family = family;
        route.endpoint = endpoint;
        route.id = std::move(id);
        KeyCall key_call{request, route, scenario, keys, serial, meta, 1767225600};
        return answer_key_api(key_call);
    }

    Scenario scenario;
    KeyStore keys;
    uint64_t serial = 0;
    ResponseMeta meta{"req_1", {}};
};

TEST_F(KeyApiTest, TheAdminListIsPagedAndNamesItsFirstAndLastKey) {
    EXPECT_EQ(json::parse(call(Family::admin, Endpoint::keys_list).body)["first_id"], nullptr);
    const json first =
        json::parse(call(Family::admin, Endpoint::key_create, R"({"name":"a"})").body);
    const json second =
        json::parse(call(Family::admin, Endpoint::key_create, R"({"name":"b"})").body);
    const json list = json::parse(call(Family::admin, Endpoint::keys_list).body);
    EXPECT_EQ(list["object"], "list");
    EXPECT_EQ(list["has_more"], false);
    EXPECT_EQ(list["first_id"], first["id"]);
    EXPECT_EQ(list["last_id"], second["id"]);
    EXPECT_EQ(list.dump().find(first["value"].get<std::string>()), std::string::npos);
}

TEST_F(KeyApiTest, AnUpdateChangesOnlyTheFieldsItGives) {
    const SimResponse created =
        call(Family::openrouter, Endpoint::key_create, R"({"name":"ci","limit":5})");
    ASSERT_EQ(created.status, 201);
    const std::string hash = json::parse(created.body)["data"]["hash"];
    const SimResponse updated =
        call(Family::openrouter, Endpoint::key_update, R"({"disabled":true})", hash);
    EXPECT_EQ(updated.note, "key_updated");
    const json data = json::parse(updated.body)["data"];
    EXPECT_EQ(data["name"], "ci");
    EXPECT_EQ(data["limit"], 5.0);
    EXPECT_EQ(data["disabled"], true);
    EXPECT_NE(data["updated_at"], nullptr);
}

TEST_F(KeyApiTest, ACreateWithoutANameIsABadRequest) {
    EXPECT_EQ(call(Family::openrouter, Endpoint::key_create, "not json").status, 400);
    EXPECT_EQ(call(Family::admin, Endpoint::key_create, R"({"name":7})").status, 400);
    EXPECT_TRUE(keys.list().empty());
}

TEST_F(KeyApiTest, AnUnknownKeyOrEndpointIsNotFound) {
    for (Endpoint endpoint : {Endpoint::key_get, Endpoint::key_update, Endpoint::key_delete,
                              Endpoint::models_list, Endpoint::not_found}) {
        const SimResponse answer = call(Family::openrouter, endpoint, "{}", "no-such-hash");
        EXPECT_EQ(answer.status, 404);
        EXPECT_EQ(answer.note, "no_key");
    }
}

}  // namespace
}  // namespace provider_sim
