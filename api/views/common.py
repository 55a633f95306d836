"""Shared helpers of the API views: schema responses, case read model, idempotency."""

import hashlib
import json

from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse
from rest_framework.response import Response

from api.errors import PROBLEM_CONTENT_TYPE, PreconditionFailed
from api.models import IdempotencyKey
from api.representation import case_etag
from api.serializers.cases import prefetched
from api.serializers.problems import ProblemSerializer
from api.serializers.tasks import task_context
from cases.errors import DomainError, ValidationFailed, field_error
from cases.models import Case
from cases.selectors import cases_visible_to
from workflows import engine

PROBLEM_TEXT = {
    400: "Ugyldig inndata eller brudd på en regel (`validation_error`, `quorum_not_met`, "
    "`consensus_blocked`, `panel_composition_deviation`, …).",
    401: "Ikke innlogget (`not_authenticated`, `authentication_failed`, `token_expired`).",
    403: "Mangler rollen som kreves (`permission_denied`).",
    404: "Finnes ikke eller er ikke synlig for deg (`not_found`).",
    409: "Saken eller oppgaven er ikke i en tilstand der dette er mulig (`illegal_state`, "
    "`statements_pending`, `task_not_claimable`, `task_not_open`, …).",
    412: "`If-Match` stemmer ikke lenger (`precondition_failed`).",
    422: "Idempotensnøkkelen er brukt for en annen forespørsel (`idempotency_key_reused`).",
    429: "For mange mislykkede innlogginger (`account_locked`, `throttled`); se `Retry-After`.",
    503: "Saken behandles av noen andre akkurat nå (`case_busy`), eller databasen er "
    "midlertidig utilgjengelig (`database_unavailable`); se `Retry-After`.",
}

IDEMPOTENCY_KEY_MAX_LENGTH = IdempotencyKey._meta.get_field("key").max_length


def problems(*statuses: int, public: bool = False) -> dict:
    """Schema responses for the problem statuses an action may answer (401 unless public)."""
    return {
        (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, PROBLEM_TEXT[status])
        for status in ((*statuses,) if public else (401, *statuses))
    }


def etag_of(data) -> str:
    """A strong ETag: the hash of the serialized representation."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode("utf-8")
    return '"' + hashlib.sha256(payload).hexdigest() + '"'


def etag_matches(header: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def check_if_match(request, case_id) -> None:
    """Optimistic concurrency: refuse when `If-Match` names a stale case representation."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return
    by_number = case_etag(case_id, request)
    if by_number and etag_matches(header, by_number):
        return
    # The body's hash: the validator a GET gives where the number cannot be trusted.
    if not etag_matches(header, etag_of(case_representation(case_id, request=request))):
        raise PreconditionFailed(
            "Saken er endret siden du hentet den. Hent den på nytt og prøv igjen."
        )


def _subclass_links() -> list[str]:
    """The one-to-one links from Case to each kind's subclass, for `Case.specific`."""
    return [
        rel.get_accessor_name()
        for rel in Case._meta.related_objects
        if rel.one_to_one and getattr(rel, "parent_link", False)
    ]


def case_queryset(base=None, *, subclasses: bool = True):
    """Cases with what their representation reads. `subclasses=False` leaves out the kinds'
    own rows: the representation (`CaseSerializer`) needs none of them, and a page of cases
    would otherwise join and load every kind's table."""
    qs = Case.objects.all() if base is None else base
    if subclasses:
        qs = qs.select_related(*_subclass_links())
    return qs.prefetch_related("parties", "deadlines")


def visible_cases(user, *, subclasses: bool = True):
    return case_queryset(cases_visible_to(user), subclasses=subclasses)


def case_page_context(cases) -> dict:
    """Open tasks, their committees and deadlines for a whole page of cases, in a fixed
    number of queries: one for the tasks, one for the committees (deadlines are prefetched)."""
    cases = list(cases)
    open_tasks = engine.open_tasks_of([c.pk for c in cases])
    tasks = [t for ts in open_tasks.values() for t in ts]
    deadlines = [d for c in cases for d in prefetched(c, "deadlines")]
    return {"open_tasks": open_tasks, **task_context(tasks, deadlines=deadlines)}


def case_representation(case_id, *, request=None) -> dict:
    from api.serializers.cases import CaseSerializer

    case = case_queryset().get(pk=case_id)
    context = {"request": request, **case_page_context([case])}
    return CaseSerializer(case, context=context).data


class IdempotencyKeyReused(DomainError):
    status = 422
    code = "idempotency_key_reused"


def idempotency_key(request) -> str:
    """The request's key, refused (never cut) when longer than the stored column: two long
    keys that share a prefix must not replay each other's answer."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValidationFailed(
            f"Idempotensnøkkelen kan ha høyst {IDEMPOTENCY_KEY_MAX_LENGTH} tegn.",
            code="idempotency_key_too_long",
            errors=[
                field_error(
                    "Idempotency-Key",
                    f"Høyst {IDEMPOTENCY_KEY_MAX_LENGTH} tegn.",
                    "idempotency_key_too_long",
                )
            ],
        )
    return key


def _json(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _fingerprint(data) -> str:
    """The hash of a request's input: a JSON body, or form fields with uploaded files
    (by name, size and content hash)."""

    def plain(value):
        if isinstance(value, UploadedFile):
            digest = hashlib.sha256()
            for chunk in value.chunks():
                digest.update(chunk)
            value.seek(0)
            return {"file": value.name, "size": value.size, "sha256": digest.hexdigest()}
        return value

    if hasattr(data, "lists"):  # form fields and files (a QueryDict)
        data = {key: [plain(v) for v in values] for key, values in data.lists()}
    payload = json.dumps(_json(data), sort_keys=True).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def idempotent(request, endpoint: str, run) -> Response:
    """Run `run() -> Response` once per (user, Idempotency-Key): a repeat with the same key
    and input answers with the first status and body; with other input it is 422."""
    key = idempotency_key(request)
    if not key:
        return run()
    digest = _fingerprint(request.data)
    with transaction.atomic():
        prior = (
            IdempotencyKey.objects.select_for_update().filter(user=request.user, key=key).first()
        )
        if prior is not None:
            if prior.endpoint != endpoint or prior.request_hash != digest:
                raise IdempotencyKeyReused(
                    "Idempotensnøkkelen er allerede brukt for en annen forespørsel."
                )
            return Response(
                prior.response, status=prior.status_code, headers={"Idempotent-Replayed": "true"}
            )
        response = run()
        IdempotencyKey.objects.create(
            user=request.user,
            key=key,
            endpoint=endpoint,
            request_hash=digest,
            status_code=response.status_code,
            response=_json(response.data),
        )
    return response
