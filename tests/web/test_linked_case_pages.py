"""A dispute opened in the browser from another case (`/saker/tvist/ny/?fra=<pk>`), and the
"Koblede saker" card of the generic case page: the linked cases the user may see, and the offer
to open a dispute for those the dispute service lets open one."""

import pytest

from cases.models import CaseLink, Dispute
from cases.services.dispute import dispute_open
from cases.services.links import link_cases
from tests.disputes import LADDER_B, open_dispute, sides_on
from tests.web.helpers import at_recommend, submitted

OFFER = "Åpne tvist om denne saken"


@pytest.fixture
def sides(world):
    return sides_on(world, LADDER_B)


def _page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(f"/saker/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _linked_card(page: str) -> str:
    start = page.index('id="linked-cases"')
    return page[start : page.index('id="documents"', start)]


def _open_from(client, user, origin, counterparty):
    client.force_login(user)
    return client.post(
        f"/saker/tvist/ny/?fra={origin.pk}",
        {
            "dispute_kind": "agreement",
            "counterparty": counterparty.pk,
            "subject": "Uenighet om hvem som har ansvaret etter overføringen",
        },
    )


def test_a_dispute_opened_from_a_task_transfer_links_both_ways(client, world, sides):
    origin = submitted(world)
    secretary = world.secretary  # UNN HF, in the secretariat: sees the proposal
    client.force_login(secretary)
    form = client.get(f"/saker/tvist/ny/?fra={origin.pk}").content.decode()
    assert 'id="opened-from"' in form and origin.reference in form

    response = _open_from(client, secretary, origin, world.tromso)
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/saker/{dispute.pk}/"
    assert CaseLink.objects.filter(case=dispute, other=origin, relation="opened_from").exists()

    on_dispute = _linked_card(_page(client, secretary, dispute))
    assert f"/saker/{origin.pk}/" in on_dispute and origin.reference in on_dispute
    assert "Opprettet fra" in on_dispute and "Oppgaveoverføring" in on_dispute
    assert origin.status_display in on_dispute
    on_origin = _linked_card(_page(client, secretary, origin))
    assert f"/saker/{dispute.pk}/" in on_origin and dispute.reference in on_origin
    assert "Førte til" in on_origin and "Tvisteløsning" in on_origin


def test_a_case_the_user_may_not_see_is_not_found_as_fra(client, world, sides):
    hidden = open_dispute(sides)  # between Tromsø and UNN: Harstad may not see it
    client.force_login(sides.stranger)
    assert client.get(f"/saker/tvist/ny/?fra={hidden.pk}").status_code == 404
    assert client.get("/saker/tvist/ny/?fra=ikke-en-sak").status_code == 404
    assert _open_from(client, sides.stranger, hidden, world.trust).status_code == 404
    assert Dispute.objects.count() == 1 and not CaseLink.objects.exists()


def test_a_linked_case_the_user_may_not_see_is_not_listed(client, world, sides):
    first = open_dispute(sides, subject="Tromsø og UNN er uenige")
    second = open_dispute(sides, subject="Ny uenighet", opened_from=first)
    # Harstad's own dispute with UNN, linked to `second`: the Tromsø employee may not see it.
    theirs = dispute_open(
        actor=sides.stranger,
        counterparty=world.trust,
        dispute_kind="agreement",
        subject="Harstad og UNN er uenige",
    )
    link_cases(theirs, second, relation=CaseLink.Relation.OPENED_FROM)
    card = _linked_card(_page(client, sides.municipality, second))
    assert first.reference in card
    assert theirs.reference not in card and f"/saker/{theirs.pk}/" not in card
    assert theirs.reference in _linked_card(_page(client, sides.trust, second))


def test_the_offer_is_for_those_who_may_open_a_dispute(client, world, sides):
    case = at_recommend(world)
    offer_url = f"/saker/tvist/ny/?fra={case.pk}"
    page = _page(client, world.secretary, case)
    assert OFFER in page and offer_url in page
    # a panel member who belongs to no party sees the case, but may not raise a dispute
    page = _page(client, world.panel_people["user_representative"], case)
    assert "Koblede saker" in page
    assert OFFER not in page and offer_url not in page
