from tests.api.conftest import approve_data, to_ssu


def test_smoke(api, world):
    case_id = to_ssu(api, world)
    body = api.get(world.ssu_trust, f"/api/v1/cases/{case_id}/").json()
    assert body["status"] == "awaiting_ssu", body
    print(body)
    api.claim_and_complete(world.ssu_trust, case_id, "ssu_decide", approve_data(world))
    body = api.get(world.ssu_trust, f"/api/v1/cases/{case_id}/").json()
    assert body["status"] == "approved"
    print(api.get(world.ssu_trust, "/api/v1/tasks/?scope=queue").json())
