"""Logging filters that keep patient data out of the logs (R-AUD-2).

Django's SQL debug log (`django.db.backends`, on with `DEBUG` or a debug cursor) writes each
query with its parameters filled in, and the parameters again: an invoice line's NPR-ID would
reach the log. `QueryLiteralsRedacted` sits on that logger, so it acts before any handler
(console, file, a test's capture) sees the record: every quoted literal of the SQL is replaced
by `'…'` and the parameters are dropped. Text values are always quoted, so no text of a query
(NPR-IDs, names, letters) is logged; numbers and the query's shape stay for debugging.
"""

import logging
import re

_QUOTED = re.compile(r"'(?:[^']|'')*'")
REDACTED = "'…'"


def redact_sql(sql) -> str:
    return _QUOTED.sub(REDACTED, str(sql))


class QueryLiteralsRedacted(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        sql = getattr(record, "sql", None)
        if sql is None:
            return True
        redacted = redact_sql(sql)
        record.sql = redacted
        record.params = None
        record.msg = "(%.3f) %s; alias=%s"
        record.args = (
            getattr(record, "duration", 0.0) or 0.0,
            redacted,
            getattr(record, "alias", ""),
        )
        return True
