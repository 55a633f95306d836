"""`links` of the case API: the cases linked to this one that the caller may see."""

from tests.disputes import LADDER_B, open_dispute, sides_on


def test_a_linked_case_shows_in_links_of_both_cases(api, world):
    sides = sides_on(world, LADDER_B)
    origin = open_dispute(sides, subject="Opprinnelig sak")
    case = open_dispute(sides, opened_from=origin)
    body = api.get(sides.trust, f"/api/v1/cases/{case.pk}/").json()
    assert body["links"] == [{"id": str(origin.pk), "kind": "dispute", "relation": "opened_from"}]
    listed = {c["id"]: c["links"] for c in api.get(sides.trust, "/api/v1/cases/").json()["results"]}
    assert listed[str(origin.pk)] == [{"id": str(case.pk), "kind": "dispute", "relation": "led_to"}]
