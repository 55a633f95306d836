"""Reference data for the forms: parties, committees and their members, hospital units, each
limited to the caller's own communities (R-PTY-1, R-PTY-2)."""

from tests.factories import UserFactory


def test_R_PTY_1_parties_of_my_community_with_their_numbers(api, world):
    """R-PTY-1: the parties, with organisation and municipality numbers."""
    parties = api.get(world.proposer, "/api/v1/parties/").json()
    assert {p["name"] for p in parties} == {"UNN HF", "Tromsø kommune", "Harstad kommune"}
    tromso = next(p for p in parties if p["id"] == world.tromso.pk)
    assert tromso["municipality_number"] == world.tromso.municipality_number
    assert tromso["kind"] == "municipality"
    trusts = api.get(world.proposer, "/api/v1/parties/?kind=health_trust").json()
    assert [p["id"] for p in trusts] == [world.trust.pk]


def test_R_PTY_2_reference_data_is_limited_to_my_communities(api, world):
    """R-PTY-2: a user of another community sees none of ours, nor its members."""
    stranger = world.outsider
    assert world.tromso.pk not in [p["id"] for p in api.get(stranger, "/api/v1/parties/").json()]
    assert api.get(stranger, "/api/v1/committees/").json() == []
    assert api.get(stranger, f"/api/v1/committees/{world.ssu.pk}/members/").status_code == 404
    assert api.get(stranger, "/api/v1/units/").json() == []
    patient = UserFactory(party=None)
    assert api.get(patient, "/api/v1/parties/").json() == []


def test_R_PTY_2_committee_members_carry_name_party_competence_and_chair(api, world):
    """R-PTY-2: the roles come from committee memberships; the members list shows them."""
    committees = api.get(world.secretary, "/api/v1/committees/").json()
    kinds = {c["kind"] for c in committees}
    assert {"secretariat", "ssu", "gp_council", "expert_pool"} <= kinds
    members = api.get(world.secretary, f"/api/v1/committees/{world.ssu.pk}/members/").json()
    first = next(m for m in members if m["user"] == world.ssu_trust.pk)
    assert first == {
        "user": world.ssu_trust.pk,
        "full_name": world.ssu_trust.get_full_name(),
        "party": {"id": world.trust.pk, "name": "UNN HF", "kind": "health_trust"},
        "competence": None,
        "chair": False,
    }


def test_units_are_the_trusts_clinics(api, world):
    units = api.get(world.proposer, "/api/v1/units/").json()
    assert units == [
        {
            "id": world.unit.pk,
            "name": "Medisinsk klinikk",
            "party": {"id": world.trust.pk, "name": "UNN HF", "kind": "health_trust"},
            "head": None,
        }
    ]
