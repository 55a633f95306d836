"""The case record on the case page, the decision letter (page and PDF) and the archive
summary: each step's record as it was made, for whoever may see the case."""

import io

from pypdf import PdfReader

from cases import calendar
from tests.journey import (
    ALL_MET,
    RECOMMEND_AGAINST,
    approval,
    reload,
    step,
    submit,
    to_investigation,
    to_ssu,
)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_case_page_shows_every_steps_record(client, world):
    """R-TT-2, R-TT-4, R-TT-6, R-TT-9, R-TT-10: screening criteria and decision, the panel
    with names, parties and competences, the recommendation's four sides, and the SSU's
    treatment with every member's position, quorum, decision and effective date."""
    case = to_ssu(world)
    step(world.ssu_trust, case, "ssu_decide", approval(world))
    client.force_login(world.proposer)
    html = client.get(f"/saker/{case.pk}/").content.decode()
    assert "Vurdering i sekretariatet" in html and "Sendes videre til SSU" in html
    assert "b) Faglig forsvarlig" in html
    panel_member = world.panel_people["nursing_municipality"]
    assert panel_member.get_full_name() in html and "Helse- og omsorgsfaglig kompetanse" in html
    assert "Ingen part" in html  # the user representative
    assert "Utvalgets innstilling" in html and "Enhetene er representert i utvalget." in html
    treatment = reload(case).treatments.get()
    assert "Behandling i SSU" in html and treatment.decision_text in html
    assert world.ssu_municipality.get_full_name() in html and "Enig" in html
    assert treatment.effective_on.strftime("%d.%m.%Y") in html
    # the history names the person and the party
    assert f"{world.secretary.get_full_name()} ({world.trust.name})" in html


def test_a_later_task_shows_the_record_so_far_beside_its_form(client, world):
    """R-TT-9: the SSU decides with the recommendation and statements in view."""
    from tests.web.helpers import execute_url, open_task
    from workflows import engine

    case = to_ssu(world)
    task = open_task(case, "ssu_decide")
    engine.task_claim(task_id=task.pk, user=world.ssu_trust)
    client.force_login(world.ssu_trust)
    html = client.get(execute_url(task)).content.decode()
    assert "Utvalgets innstilling" in html
    assert "Faglig forsvarlig med opplæring." in html  # the panel's professional assessment


def test_the_decision_letter_exists_once_the_case_ended(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    """R-TT-10: the letter of an approved transfer: reference, SSU number, decision, positions,
    effective date and follow-up, as a page and as a PDF; the proposer's e-mail links to it."""
    case = to_ssu(world)
    client.force_login(world.proposer)
    assert client.get(f"/saker/{case.pk}/vedtaksbrev/").status_code == 404
    assert client.get(f"/saker/{case.pk}/vedtaksbrev.pdf").status_code == 404
    data = approval(world)
    with django_capture_on_commit_callbacks(execute=True):
        step(world.ssu_trust, case, "ssu_decide", data)
    case = reload(case)
    page = client.get(f"/saker/{case.pk}/vedtaksbrev/").content.decode()
    assert "SSU har vedtatt at oppgaven overføres." in page
    text = _pdf_text(client.get(f"/saker/{case.pk}/vedtaksbrev.pdf"))
    for expected in (
        case.reference,
        case.ssu_case_number,
        "SSU har vedtatt at oppgaven overføres.",
        data["decision_text"],
        data["effective_on"].strftime("%d.%m.%Y"),
        data["follow_up"]["training"],
        world.ssu_trust.get_full_name(),
    ):
        assert expected in text, expected
    letter_link = f"/saker/{case.pk}/vedtaksbrev/"
    assert letter_link in mailoutbox[-1].body


def test_a_letter_for_a_rejection_at_screening_gives_the_justification(client, world):
    """R-TT-3: the written justification is the letter's grounds."""
    case = submit(world)
    step(
        world.secretary,
        case,
        "screen",
        {"decision": "reject", "criteria": dict(ALL_MET, e=False), "justification": "For lite."},
    )
    client.force_login(world.proposer)
    text = _pdf_text(client.get(f"/saker/{case.pk}/vedtaksbrev.pdf"))
    assert "Forslaget oppfyller ikke kriteriene" in text and "For lite." in text


def test_a_letter_for_not_recommended_gives_the_panels_assessment(client, world):
    """R-TT-6: the proposer is told why."""
    case = to_investigation(world)
    step(world.panel_people["legal"], case, "recommend", RECOMMEND_AGAINST)
    client.force_login(world.proposer)
    text = _pdf_text(client.get(f"/saker/{case.pk}/vedtaksbrev.pdf"))
    assert "innstiller ikke" in text.lower() and "Juridiske sider" in text


def test_the_archive_summary_holds_the_record_and_the_history(client, world):
    case = to_investigation(world)
    client.force_login(world.secretary)
    text = _pdf_text(client.get(f"/saker/{case.pk}/sammendrag.pdf"))
    for expected in ("Forslaget", "Vurdering i sekretariatet", "Partssammensatt faglig utvalg"):
        assert expected in text
    assert "Historikk" in text and "Forslag sendt inn" in text
    assert calendar.today().strftime("%d.%m.%Y") in text


def test_letters_and_documents_are_not_shown_to_those_who_cannot_see_the_case(client, world):
    case = to_ssu(world)
    step(world.ssu_trust, case, "ssu_decide", approval(world))
    client.force_login(world.outsider)
    for url in ("vedtaksbrev/", "vedtaksbrev.pdf", "sammendrag.pdf"):
        assert client.get(f"/saker/{case.pk}/{url}").status_code == 404


def test_documents_are_uploaded_and_downloaded_from_the_case_page(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = submit(world)
    client.force_login(world.proposer)
    upload = SimpleUploadedFile("notat.txt", "Høringssvar fra kommunen".encode())
    response = client.post(f"/saker/{case.pk}/dokumenter/", {"file": upload, "description": "Svar"})
    assert response.status_code == 302
    html = client.get(f"/saker/{case.pk}/").content.decode()
    assert "notat.txt" in html and "Dokument lastet opp" in html
    document = case.documents.get()
    download = client.get(f"/saker/{case.pk}/dokumenter/{document.pk}/")
    assert b"".join(download.streaming_content) == "Høringssvar fra kommunen".encode()
    client.force_login(world.outsider)
    assert client.get(f"/saker/{case.pk}/dokumenter/{document.pk}/").status_code == 404
