"""Conditional and repeatable requests, for every API view in one place (`Conditional`).

- Every readable resource (`GET`/`HEAD` answering 200) carries an `ETag`, the hash of its
  representation, unless the view set a better one (a document's content hash); a matching
  `If-None-Match` answers `304` with no body.
- Every `POST` takes an `Idempotency-Key`: the same key and the same request from the same
  user gives the first answer again, without acting twice (`api.views.common.idempotent`).
- Every `POST` acting on a case takes `If-Match` with the case's `ETag`: `412` if the case
  has changed since. The check is made under the lock each change of the case takes
  (`engine.case_locked`), so nothing can change between the check and the act.
- Deny first: before `If-Match` (and before the body is read) a POST asks the action's own
  rights check (`require_right()`), so a caller without the right gets 403 or 404, never 412.

A view says which case a POST acts on with `precondition_case_id()`; a POST that creates a
case acts on none, and `If-Match` does not apply to it.
"""

from functools import partial

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.response import Response

from api.errors import PROBLEM_CONTENT_TYPE
from workflows import engine

from .common import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    PROBLEM_TEXT,
    check_if_match,
    etag_matches,
    etag_of,
    idempotent,
)

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="En `ETag` fra et tidligere svar; svarer `304` når ingenting er endret.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH},
    OpenApiParameter.HEADER,
    required=False,
    description="Samme nøkkel og samme innhold gir det første svaret på nytt, uten at "
    f"handlingen gjøres to ganger. Høyst {IDEMPOTENCY_KEY_MAX_LENGTH} tegn; en lengre nøkkel "
    "avvises med `400` (`idempotency_key_too_long`), den kortes aldri av.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Sakens `ETag`; svarer `412` hvis saken er endret siden. Gjelder handlinger "
    "på en sak som finnes.",
)


class ConditionalSchema(AutoSchema):
    """Documents the headers `Conditional` honours on every operation."""

    def get_override_parameters(self):
        method = self.method.upper()
        extra = {"GET": [IF_NONE_MATCH], "POST": [IDEMPOTENCY_KEY, IF_MATCH]}.get(method, [])
        if method == "POST" and not self.get_auth():
            extra = []  # public (the token endpoint): nothing to repeat or to match
        return [*super().get_override_parameters(), *extra]

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        responses = operation["responses"]
        if self.method.upper() == "GET":
            responses.setdefault("304", {"description": "Ikke endret."})
        elif self.method.upper() == "POST" and self.get_auth():
            for code in (400, 412, 422):  # 400: an Idempotency-Key that is too long
                responses.setdefault(str(code), _problem_response(code))
        return operation


def _problem_response(code: int) -> dict:
    return {
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        "description": PROBLEM_TEXT[code],
    }


# Mixed into every API view (tests/api/test_conditional.py checks that it is). A comment,
# not a docstring: the schema would show a docstring as each view's description.
class Conditional:
    schema = ConditionalSchema()

    def precondition_case_id(self):
        """The case a POST acts on (its `If-Match` is checked against it), or None."""
        return None

    def require_right(self) -> None:
        """Raise 403/404 when the caller may not make this POST: the action's own rights check
        (the one its service also makes), asked before `If-Match` and the body."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF looks the handler up after `initial`: guard the POST handler of this request.
        if request.method == "POST" and request.user.is_authenticated:
            self.post = partial(self._guarded_post, self.post)

    def _guarded_post(self, handler, request, *args, **kwargs):
        def run():
            self.require_right()
            case_id = self.precondition_case_id() if request.headers.get("If-Match") else None
            if case_id is None:
                return handler(request, *args, **kwargs)
            with engine.case_locked(case_id):
                check_if_match(request, case_id)
                return handler(request, *args, **kwargs)

        return idempotent(request, f"{request.method} {request.path}", run)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != status.HTTP_200_OK:
            return response
        etag = response.get("ETag")
        if etag is None and isinstance(response, Response):
            etag = etag_of(response.data)
            response["ETag"] = etag
        if etag and etag_matches(request.headers.get("If-None-Match", ""), etag):
            return self._not_modified(request, response, etag, *args, **kwargs)
        return response

    def _not_modified(self, request, response, etag, *args, **kwargs):
        # Let go of a download's file; not `response.close()`, which ends the request
        # (its `request_finished` signal closes the database connection).
        file = getattr(response, "file_to_stream", None)
        if file is not None:
            file.close()
        answer = not_modified(etag, response.get("Last-Modified"))
        return super().finalize_response(request, answer, *args, **kwargs)


def not_modified(etag: str, last_modified: str | None = None) -> Response:
    """`304` for a `GET` whose `If-None-Match` names `etag` (a view that knows its validator
    without building the body answers this itself)."""
    headers = {"ETag": etag}
    if last_modified:
        headers["Last-Modified"] = last_modified
    return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
