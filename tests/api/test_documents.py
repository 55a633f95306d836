"""Documents on a case (`/api/v1/cases/{id}/documents/`): stored through Django's storage
API, limited in size and type, visible exactly as the case is, every upload an event."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from cases.models import CaseEvent, Document
from tests.factories import UserFactory
from tests.journey import submit

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _upload(api, user, case_id, name="uttalelse.pdf", content=PDF, **extra):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    client = api.as_(user)
    return client.post(
        f"/api/v1/cases/{case_id}/documents/",
        {"file": file, **extra},
        format="multipart",
    )


def test_a_party_uploads_a_document_and_sees_it_listed_and_downloads_it(api, world):
    case = submit(world)
    response = _upload(api, world.proposer, case.pk, description="Uttalelse fra kommunen")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "uttalelse.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF)
    assert body["description"] == "Uttalelse fra kommunen"
    assert body["uploaded_by"] == world.proposer.get_full_name()

    listed = api.get(world.secretary, f"/api/v1/cases/{case.pk}/documents/").json()
    assert [d["id"] for d in listed] == [body["id"]]
    download = api.get(world.secretary, body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="uttalelse.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"

    event = CaseEvent.objects.get(case_id=case.pk, action="document_uploaded")
    assert event.actor == world.proposer
    assert event.data == {"document": body["id"], "name": "uttalelse.pdf", "size": len(PDF)}


def test_documents_are_visible_exactly_as_the_case_is(api, world):
    """R-PTY-2: a user who cannot see the case gets 404 for its documents, list, upload and
    download alike, and nothing is stored."""
    case = submit(world)
    document_id = _upload(api, world.proposer, case.pk).json()["id"]
    stranger = world.outsider
    assert api.get(stranger, f"/api/v1/cases/{case.pk}/documents/").status_code == 404
    url = f"/api/v1/cases/{case.pk}/documents/{document_id}/download/"
    assert api.get(stranger, url).status_code == 404
    assert _upload(api, stranger, case.pk, name="x.pdf").status_code == 404
    patient = UserFactory(party=None)
    assert api.get(patient, url).status_code == 404
    assert Document.objects.count() == 1


def test_a_file_of_a_type_not_allowed_or_disguised_is_refused(api, world):
    case = submit(world)
    exe = _upload(api, world.proposer, case.pk, name="program.exe", content=b"MZ\x90\x00")
    assert exe.status_code == 400
    assert exe.json()["code"] == "file_type_not_allowed"
    disguised = _upload(api, world.proposer, case.pk, name="brev.pdf", content=b"MZ\x90\x00")
    assert disguised.status_code == 400
    assert disguised.json()["errors"][0]["code"] == "file_type_mismatch"
    empty = _upload(api, world.proposer, case.pk, name="tom.txt", content=b"")
    assert empty.status_code == 400
    assert Document.objects.count() == 0
    assert not CaseEvent.objects.filter(action="document_uploaded").exists()


@override_settings(SAKSFLYT_DOCUMENT_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_a_413_problem(api, world):
    case = submit(world)
    response = _upload(api, world.proposer, case.pk, content=PDF + b"0" * 2048)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "file_too_large"
    assert Document.objects.count() == 0


def test_a_path_in_the_file_name_is_dropped(api, world):
    case = submit(world)
    response = _upload(api, world.proposer, case.pk, name="../../etc/notat.txt", content=b"Hei")
    assert response.status_code == 201
    document = Document.objects.get()
    assert document.name == "notat.txt"
    assert document.file.name.startswith(f"documents/{case.pk}/")
    assert ".." not in document.file.name


def test_no_document_can_be_added_to_a_closed_case(api, world):
    from workflows.task_transfer.actions import withdraw_proposal

    case = submit(world)
    withdraw_proposal(case=case, actor=world.proposer, reason="Løst.")
    response = _upload(api, world.proposer, case.pk)
    assert response.status_code == 409
    assert response.json()["code"] == "case_closed"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_form_fields_over_the_upload_limit_are_a_413_problem(api, world):
    """Django's RequestDataTooBig (the form fields of an upload, not its file) was an HTML 400."""
    case = submit(world)
    response = _upload(api, world.proposer, case.pk, description="x" * 2000)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "request_too_large"
    assert Document.objects.count() == 0
