"""Parties, roles and what a user may see (R-PTY-1, R-PTY-2)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cases.models import Party, PartyKind
from cases.roles import is_member, roles_of
from cases.selectors import cases_visible_to
from tests.factories import UserFactory
from tests.journey import submit, to_investigation


def test_R_PTY_1_a_municipality_needs_a_kommunenummer(world):
    """R-PTY-1: a municipality needs a kommunenummer."""
    with pytest.raises(IntegrityError):
        Party.objects.create(
            community=world.community,
            kind=PartyKind.MUNICIPALITY,
            name="Uten nummer",
            organisation_number="999888777",
        )


def test_R_PTY_1_organisation_numbers_have_nine_digits(world):
    """R-PTY-1: organisation numbers have nine digits."""
    party = Party(
        community=world.community,
        kind=PartyKind.HEALTH_TRUST,
        name="Feil HF",
        organisation_number="12345",
    )
    with pytest.raises(ValidationError) as exc:
        party.full_clean()
    assert "organisation_number" in exc.value.message_dict


def test_R_PTY_1_a_community_has_trusts_and_many_municipalities(world):
    """R-PTY-1: a community has trusts and many municipalities."""
    kinds = sorted(world.community.parties.values_list("kind", flat=True))
    assert kinds == ["health_trust", "municipality", "municipality"]


def test_R_PTY_2_roles_follow_committee_memberships(world):
    """R-PTY-2: roles follow committee memberships."""
    assert is_member(world.secretary, world.secretariat)
    assert not is_member(world.secretary, world.ssu)
    assert [r["kind"] for r in roles_of(world.ssu_trust)] == ["ssu"]
    assert roles_of(world.proposer) == []


def test_R_PTY_2_visibility_follows_party_and_role(world):
    """R-PTY-2: visibility follows party and role."""
    case = submit(world)
    patient = UserFactory(party=None, username="pasient")
    tromso_employee = UserFactory(party=world.tromso)

    def sees(user):
        return cases_visible_to(user).filter(pk=case.pk).exists()

    for user in (world.proposer, world.secretary, world.ssu_trust, world.gp, tromso_employee):
        assert sees(user), user
    assert not sees(world.outsider)
    assert not sees(patient)


def test_R_PTY_2_a_panel_member_without_party_sees_the_panel_case(world):
    """R-PTY-2: a panel member without party sees the panel case."""
    case = to_investigation(world)
    user_rep = world.panel_people["user_representative"]
    assert user_rep.profile.party is None
    assert [c.pk for c in cases_visible_to(user_rep)] == [case.pk]


def test_R_PTY_2_a_patient_proposer_sees_only_own_cases(world):
    """R-PTY-2: a patient proposer sees only own cases."""
    from tests.factories import proposal
    from workflows.task_transfer.actions import submit_proposal

    patient = UserFactory(party=None, username="pasient")
    own = submit_proposal(community=world.community, proposer=patient, data=proposal())
    submit(world)
    assert [c.pk for c in cases_visible_to(patient)] == [own.pk]
