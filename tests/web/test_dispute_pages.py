"""The web side of tvisteløsning: the opening page, the ladder and the actions on the case
page, the disagreement record (page and PDF) and the decision letter. Each action posts to a
view that calls one service; a refusal is a message and changes nothing."""

import io

import pytest
from pypdf import PdfReader

from cases.models import Dispute, DisputeStatus
from cases.services.dispute import (
    dispute_accept_binding,
    dispute_consent,
    dispute_escalate,
    dispute_record_disagreement,
    dispute_record_position,
    dispute_record_statement,
)
from tests.disputes import LADDER_A, LADDER_B, sides_on
from workflows.dispute import actions


@pytest.fixture
def sides(world):
    return sides_on(world, LADDER_A)


def open_dispute(sides, kind: str = "agreement"):
    """As the opening page does: the dispute with its flow."""
    return actions.open_dispute(
        actor=sides.municipality,
        counterparty=sides.world.trust,
        dispute_kind=kind,
        subject="Uenighet om ansvaret for oppfølging etter utskrivning",
        agreement_clause="Delavtale 2, punkt 2.2",
    )


def to_record(sides, case) -> None:
    """Both parties state their positions and the disagreement record is drafted."""
    actions.act(
        dispute_record_position,
        case=case,
        actor=sides.municipality,
        text="Helseforetaket har ansvaret.",
    )
    actions.act(
        dispute_record_position, case=case, actor=sides.trust, text="Kommunen har ansvaret."
    )
    actions.act(dispute_record_disagreement, case=case, actor=sides.trust)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(f"/saker/{case.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _post(client, user, case, action: str, **data):
    client.force_login(user)
    response = client.post(f"/saker/{case.pk}/tvist/{action}/", data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _fresh(case) -> Dispute:
    return Dispute.objects.get(pk=case.pk)


# --- opening ----------------------------------------------------------------------------------
def test_a_party_opens_a_dispute_on_the_opening_page(client, sides):
    client.force_login(sides.municipality)
    page = client.get("/saker/tvist/ny/").content.decode()
    assert "Ny tvist" in page and sides.world.trust.name in page
    assert sides.world.harstad.name not in page  # not a counterparty of a municipality
    response = client.post(
        "/saker/tvist/ny/",
        {
            "dispute_kind": "agreement",
            "counterparty": sides.world.trust.pk,
            "agreement_clause": "Delavtale 2, punkt 2.2",
            "subject": "Hvem følger opp pasienten etter utskrivning",
        },
    )
    case = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/saker/{case.pk}/"
    assert case.claimant == sides.world.tromso and case.respondent == sides.world.trust
    assert case.agreement_clause == "Delavtale 2, punkt 2.2"
    assert case.process.flow_class is actions.DisputeFlow  # the flow follows the case


def test_R_DSP_6_a_breach_claim_without_an_amount_is_refused_on_the_form(client, sides):
    client.force_login(sides.trust)
    response = client.post(
        "/saker/tvist/ny/",
        {"dispute_kind": "breach", "counterparty": sides.world.tromso.pk, "subject": "Tap"},
    )
    assert response.status_code == 200
    assert "Oppgi kravets beløp." in response.content.decode()
    assert not Dispute.objects.exists()
    client.post(
        "/saker/tvist/ny/",
        {
            "dispute_kind": "breach",
            "counterparty": sides.world.tromso.pk,
            "subject": "Tap",
            "claim_amount": "125000",
        },
    )
    case = Dispute.objects.get()
    assert "kr 125 000,00" in _page(client, sides.trust, case)


def test_someone_of_no_party_cannot_open_a_dispute(client, world, sides):
    from tests.factories import UserFactory

    nobody = UserFactory(username="uten_part")
    client.force_login(nobody)
    assert "hører ikke til noen part" in client.get("/saker/tvist/ny/").content.decode()
    response = client.post(
        "/saker/tvist/ny/",
        {"dispute_kind": "agreement", "counterparty": world.trust.pk, "subject": "Noe"},
    )
    assert response.status_code == 200 and not Dispute.objects.exists()


# --- the case page: the ladder and the actions --------------------------------------------
def test_the_case_page_shows_the_ladder_and_where_the_case_stands(client, sides):
    case = open_dispute(sides)
    html = _page(client, sides.municipality, case)
    assert "Tvisteløsningstrapp" in html and "Hovedavtalen punkt 8 og 9" in html
    assert 'aria-current="step"' in html
    current = html.split('aria-current="step"')[1].split("</li>")[0]
    assert "Dialog og forhandlinger" in current and "Saken står her" in current
    assert "Krever samtykke fra begge parter" in html  # the SSU stage
    assert "Den kommunale partens tingrett" in html  # the venue
    assert 'id="position-form"' in html and 'id="resolve-form"' in html
    # R-DSP-1: before the disagreement record only the SSU (inside the dialogue) is offered.
    assert 'id="consent-ssu"' in html and 'id="escalate-ssu"' in html
    assert 'id="escalate-local_body"' not in html
    to_record(sides, case)
    html = _page(client, sides.municipality, case)
    # On to the SSU or past it to the local body, which may not be skipped.
    assert 'id="escalate-ssu"' in html and 'id="escalate-local_body"' in html
    assert 'id="escalate-national_board"' not in html and 'id="escalate-court"' not in html


def test_only_a_party_is_offered_the_actions(client, world, sides):
    case = open_dispute(sides)
    actions.act(dispute_consent, case=case, actor=sides.municipality, stage="ssu")
    actions.act(dispute_consent, case=case, actor=sides.trust, stage="ssu")
    actions.act(dispute_escalate, case=case, actor=sides.trust, stage="ssu")
    html = _page(client, world.ssu_municipality2, case)  # the SSU now sees it
    assert "Tvisteløsningstrapp" in html
    assert 'id="dispute-actions"' not in html and 'id="resolve-form"' not in html


@pytest.mark.parametrize(
    "action",
    ["standpunkt", "protokoll", "samtykke", "videre", "uttalelse", "bindende", "enighet", "trekk"],
)
def test_another_municipality_gets_404_on_every_dispute_page(client, world, sides, action):
    case = open_dispute(sides)
    before = case.events.count()
    for user in (world.outsider, sides.stranger):
        client.force_login(user)
        assert client.get(f"/saker/{case.pk}/").status_code == 404
        assert client.get(f"/saker/{case.pk}/uenighetsprotokoll/").status_code == 404
        response = client.post(f"/saker/{case.pk}/tvist/{action}/", {"text": "x", "terms": "x"})
        assert response.status_code == 404
    assert case.events.count() == before


def test_R_DSP_1_positions_the_disagreement_record_and_its_page_and_pdf(client, sides):
    case = open_dispute(sides)
    client.force_login(sides.municipality)
    assert client.get(f"/saker/{case.pk}/uenighetsprotokoll/").status_code == 404
    html = _post(
        client, sides.municipality, case, "standpunkt", text="Helseforetaket har ansvaret."
    )
    assert 'id="disagreement-form"' not in html  # UNN has not stated its position
    html = _post(client, sides.trust, case, "standpunkt", text="Kommunen har ansvaret.")
    assert "Standpunktet er registrert." in html and 'id="disagreement-form"' in html
    html = _post(client, sides.trust, case, "protokoll")
    assert "Uenighetsprotokollen er skrevet." in html and 'id="disagreement-link"' in html
    page = client.get(f"/saker/{case.pk}/uenighetsprotokoll/").content.decode()
    for text in ("Helseforetaket har ansvaret.", "Kommunen har ansvaret.", "Delavtale 2"):
        assert text in page
    assert f"/saker/{case.pk}/uenighetsprotokoll.pdf" in page
    text = _pdf_text(client.get(f"/saker/{case.pk}/uenighetsprotokoll.pdf"))
    assert "Uenighetsprotokoll" in text and "Kommunen har ansvaret." in text
    assert sides.world.tromso.name in text and sides.world.trust.name in text


def test_R_DSP_1_leaving_the_dialogue_without_a_record_is_a_message(client, sides):
    case = open_dispute(sides)
    html = _post(client, sides.municipality, case, "videre", stage="local_body")
    assert "uten en uenighetsprotokoll" in html
    assert _fresh(case).status == DisputeStatus.DIALOGUE


def test_R_DSP_2_the_ssu_opens_only_when_both_have_consented(client, sides):
    case = open_dispute(sides)
    html = _page(client, sides.municipality, case)
    assert 'id="consent-ssu"' in html
    html = _post(client, sides.municipality, case, "samtykke", stage="ssu")
    assert "Samtykket er registrert." in html and 'id="consent-ssu"' not in html
    html = _post(client, sides.municipality, case, "videre", stage="ssu")
    assert "Mangler samtykke fra: " + sides.world.trust.name in html
    assert _fresh(case).status == DisputeStatus.DIALOGUE
    _post(client, sides.trust, case, "samtykke", stage="ssu")
    html = _post(client, sides.trust, case, "videre", stage="ssu")
    assert "Saken er brakt videre" in html
    assert _fresh(case).status == DisputeStatus.SSU


def test_R_DSP_3_resolving_needs_terms_and_ends_with_a_decision_letter(client, sides):
    case = open_dispute(sides)
    html = _post(client, sides.trust, case, "enighet", terms="  ")
    assert "Skriv vilkårene" in html and _fresh(case).status == DisputeStatus.DIALOGUE
    html = _post(client, sides.trust, case, "enighet", terms="Kommunen følger opp i 30 dager.")
    assert "Enigheten er registrert" in html and 'id="dispute-actions"' not in html
    assert _fresh(case).status == DisputeStatus.RESOLVED
    assert "Kommunen følger opp i 30 dager." in html  # the record
    letter = client.get(f"/saker/{case.pk}/vedtaksbrev/").content.decode()
    assert "Partene er kommet til enighet" in letter and "Kommunen følger opp" in letter
    text = _pdf_text(client.get(f"/saker/{case.pk}/vedtaksbrev.pdf"))
    assert "Kommunen følger opp i 30 dager." in text


def test_R_DSP_4_a_board_statement_both_accept_as_binding_ends_the_dispute(client, world):
    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides, kind="usk_payment")
    to_record(sides, case)
    html = _page(client, sides.municipality, case)
    # R-DSP-2's exception: a payment dispute over patients ready for discharge needs one party.
    assert "Kan i denne saken bringes inn av én part alene." in html
    assert 'id="consent-national_board"' not in html
    html = _post(client, sides.municipality, case, "videre", stage="national_board")
    # R-DSP-4: the board's statement comes before any later stage.
    assert 'id="awaiting-statement"' in html and 'id="escalate-court"' not in html
    html = _post(client, sides.trust, case, "uttalelse", text="Kommunen skal betale halvparten.")
    assert "Uttalelsen er registrert." in html and 'id="binding-form"' in html
    assert 'id="statement-form"' not in html
    _post(client, sides.municipality, case, "bindende")
    assert _fresh(case).status == DisputeStatus.NATIONAL_BOARD
    html = _post(client, sides.trust, case, "bindende")
    assert _fresh(case).status == DisputeStatus.BOUND_BY_STATEMENT
    assert "Kommunen skal betale halvparten." in html
    letter = client.get(f"/saker/{case.pk}/vedtaksbrev/").content.decode()
    assert "er bindende for dem" in letter and "Kommunen skal betale halvparten." in letter


def test_the_record_shows_each_stage_its_positions_statement_and_consents(client, world):
    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides)
    to_record(sides, case)
    actions.act(dispute_consent, case=case, actor=sides.municipality, stage="national_board")
    actions.act(dispute_consent, case=case, actor=sides.trust, stage="national_board")
    actions.act(dispute_escalate, case=case, actor=sides.trust, stage="national_board")
    actions.act(
        dispute_record_statement,
        case=case,
        actor=sides.trust,
        text="Nemnda mener kommunen har rett.",
    )
    actions.act(dispute_accept_binding, case=case, actor=sides.municipality)
    html = _page(client, sides.trust, case)
    record = html.split('id="record"')[1].split('id="history"')[0]
    assert "1. Dialog og forhandlinger" in record and "2. Nasjonal tvisteløsningsnemnd" in record
    assert "Helseforetaket har ansvaret." in record and "Kommunen har ansvaret." in record
    assert "Uenighetsprotokoll" in record and "Samtykker" in record
    assert "Nemnda mener kommunen har rett." in record
    assert f"Godtatt som bindende av</dt><dd>{world.tromso.name}" in record
    # The advisory statement leaves the way to court open; the page offers it.
    assert 'id="escalate-court"' in html and "Nord-Troms og Senja tingrett" in html
    client.force_login(sides.trust)
    assert client.get(f"/saker/{case.pk}/vedtaksbrev/").status_code == 404  # still open


def test_the_claimant_withdraws_the_dispute(client, sides):
    case = open_dispute(sides)
    assert 'id="dispute-withdraw-form"' not in _page(client, sides.trust, case)
    _post(client, sides.municipality, case, "trekk", reason="Løst på annen måte.")
    assert _fresh(case).status == DisputeStatus.WITHDRAWN
    # R-AUD-1: the withdrawal is a state with its own letter to both parties.
    client.force_login(sides.trust)
    letter = client.get(f"/saker/{case.pk}/vedtaksbrev/").content.decode()
    assert "Tvisten er trukket" in letter and "Løst på annen måte." in letter
    assert f"{sides.world.tromso.name} har trukket tvisten" in letter
    text = _pdf_text(client.get(f"/saker/{case.pk}/vedtaksbrev.pdf"))
    assert "Løst på annen måte." in text
