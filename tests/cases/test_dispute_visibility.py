"""Visibility of disputes (R-PTY-2): the two parties, and the bodies that handle a stage the
dispute has reached; links between a dispute and the case it was opened from."""

from cases.models import Committee, CommitteeKind
from cases.selectors import cases_visible_to, linked_cases
from cases.services.dispute import dispute_consent, dispute_escalate
from tests.disputes import LADDER_A, open_dispute, sides_on, to_record
from tests.factories import UserFactory, member


def _sees(user, case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def test_R_PTY_2_only_the_two_parties_see_a_dispute(world):
    sides = sides_on(world, LADDER_A)
    case = open_dispute(sides)
    assert _sees(sides.municipality, case)
    assert _sees(UserFactory(party=world.trust), case)
    assert not _sees(sides.stranger, case)
    assert not _sees(world.outsider, case)
    # The secretariat handles no stage of a dispute: a Harstad member of it does not see it.
    assert not _sees(member(world.secretariat, party=world.harstad, username="sekr_h"), case)


def test_R_PTY_2_a_handling_body_sees_the_dispute_once_it_reaches_its_stage(world):
    sides = sides_on(world, LADDER_A)
    body = Committee.objects.create(
        community=world.community, kind=CommitteeKind.DISPUTE_BODY, name="Lokalt tvisteorgan"
    )
    body_member = member(body, party=None, username="brukerrep_tvist")
    ssu_member = world.ssu_municipality2  # a Harstad member of the SSU
    case = open_dispute(sides)
    assert not _sees(body_member, case)
    assert not _sees(ssu_member, case)
    dispute_consent(case=case, actor=sides.municipality, stage="ssu")
    dispute_consent(case=case, actor=sides.trust, stage="ssu")
    dispute_escalate(case=case, actor=sides.trust, stage="ssu")
    assert _sees(ssu_member, case)
    assert not _sees(body_member, case)
    to_record(sides, case)
    dispute_escalate(case=case, actor=sides.trust, stage="local_body")
    assert _sees(body_member, case)


def test_a_dispute_opened_from_another_case_links_both_ways(world):
    sides = sides_on(world, LADDER_A)
    origin = open_dispute(sides, subject="Den første saken")
    case = open_dispute(sides, opened_from=origin)
    [forward] = linked_cases([case.pk])[case.pk]
    assert (forward.case.pk, forward.relation, forward.label) == (
        origin.pk,
        "opened_from",
        "Opprettet fra",
    )
    [back] = linked_cases([origin.pk])[origin.pk]
    assert (back.case.pk, back.relation, back.label) == (case.pk, "led_to", "Førte til")
    assert origin.events.filter(action="case_linked").exists()


def test_links_show_only_the_cases_the_viewer_may_see(world):
    sides = sides_on(world, LADDER_A)
    origin = open_dispute(sides, subject="Den første saken")
    case = open_dispute(sides, opened_from=origin)
    assert len(linked_cases([case.pk], sides.trust)[case.pk]) == 1
    assert linked_cases([case.pk], world.outsider)[case.pk] == []
