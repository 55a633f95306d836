"""The committed openapi.yaml is the contract; it must match the code (STYLE 11)."""

from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = ".venv/bin/python manage.py spectacular --file openapi.yaml --validate"


def test_committed_schema_matches_the_code(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(fresh), "--validate", "--fail-on-warn")
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == committed, (
        f"openapi.yaml is out of date; regenerate it with: {REGENERATE}"
    )


def test_schema_and_docs_are_public(client, db):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/tasks/{id}/complete/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
