"""The matrices run as a few users, not all of them: check they stand for every role group
of the demo and every demo party that has users, so a new demo role is not forgotten."""

from cases.models import Profile
from workflows.demo import PEOPLE

from .roles import GROUP_OF, PERSONAS
from .world import ANONYMOUS, OUTSIDER


def test_every_demo_user_has_a_role_group():
    assert {p.username for p in PEOPLE} | {OUTSIDER, ANONYMOUS} == set(GROUP_OF)


def test_personas_cover_every_role_and_party(w):
    assert {GROUP_OF[u] for u in PERSONAS} == set(GROUP_OF.values())
    party_of = {
        p.user.username: p.party_id for p in Profile.objects.select_related("user") if p.party_id
    }
    demo_parties = {party_of[p.username] for p in PEOPLE if p.username in party_of}
    assert demo_parties <= {party_of.get(u) for u in PERSONAS}
