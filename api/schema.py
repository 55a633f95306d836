"""Schema post-processing: the problems every operation can answer, documented once.

Any request can meet a busy or unreachable database (503 `database_busy`,
`database_unavailable`, `case_busy`, with `Retry-After`), and any request
with a body can be too large (413 `request_too_large`); `api.middleware` answers both as
problems on every route, so the schema says so on every operation rather than per view.
"""

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
GENERIC = {
    "503": "Midlertidig utilgjengelig: saken behandles av noen andre akkurat nå (`case_busy`), "
    "databasen er opptatt (`database_busy`) eller ikke å få kontakt med "
    "(`database_unavailable`); prøv igjen etter `Retry-After` sekunder.",
    "413": "Forespørselen er for stor (`request_too_large`), eller filen er det "
    "(`file_too_large`).",
}
METHODS = {"get", "put", "patch", "post", "delete"}


def _problem(description: str) -> dict:
    return {
        "content": {"application/problem+json": {"schema": PROBLEM_REF}},
        "description": description,
    }


def document_generic_problems(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            responses["503"] = _problem(GENERIC["503"])
            if "requestBody" in operation:
                responses["413"] = _problem(GENERIC["413"])
    return result
