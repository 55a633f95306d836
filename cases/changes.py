"""The change feed: which cases changed after a cursor, with no change missed or shown twice.

A change is any committed write that changes what the case's representation shows
(`api.serializers.cases.CaseSerializer`; not `links`' visibility, which is the caller's): a new
case or a new event on it (`cases.services.events.record_event`), a field of the case, its
parties or a party's name or kind, its deadlines, its tasks (status, assignee, committee,
node) or its assignee's username or its committee's name, its links. The database numbers
it: triggers on those tables (`cases.change_triggers.WATCHES`, migrations 0004 and 0011) set
`Case.change_seq` from one counter, also for writes that bypass the ORM's signals
(`QuerySet.update`). What the day does (a deadline becoming overdue) is no write and moves
nothing. A poller asks for `change_seq > cursor`, ordered by it, and moves its cursor to the
last value it saw.

That is only safe if a poller can never see a value while a smaller one is still to commit:
otherwise it would move past it and miss that change for good. Wall-clock timestamps
(`updated_since`) have exactly that flaw: a transaction that started first but commits last
carries the earlier time. So the value is taken in commit order:

- PostgreSQL: the triggers are deferred to COMMIT, and take a transaction-level advisory lock
  (`pg_advisory_xact_lock`) before `nextval`. The lock is released only after the commit is
  visible to others, so the next transaction draws its value after this one is visible: values
  become visible in increasing order. The serialisation lasts from the deferred triggers to
  the end of the commit (its WAL flush), not the whole transaction, and only for transactions
  that change a case. A transaction that rolls back leaves a gap, which is harmless. A
  transaction numbers each case once, however many of its rows it writes. Before it takes
  the lock it waits for the rows of the cases its first trigger numbers: another transaction
  that holds such a row (it changed the case) and commits meanwhile must not find the lock
  taken by one that waits for its row (a deadlock, which PostgreSQL breaks by failing one).
  Cases numbered by later triggers of the same commit are not waited for first: a write that
  changes several cases without locking them (a bulk `QuerySet.update` of deadlines of many
  cases) can still meet that deadlock against a concurrent writer of one of them. The change
  paths of the services lock the case (`select_for_update`) before they write, and an event
  insert waits for that lock in the transaction's body, not at its commit.
- SQLite: one writer at a time holds the write lock from its first write to its commit, so
  the value (the largest so far plus one) is taken in commit order already.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from .errors import ValidationFailed, field_error

# Cursors are decimal numbers today; clients must treat them as opaque text.
MAX_CURSOR = 2**63 - 1


@dataclass(frozen=True)
class ChangePage:
    cases: list
    next_cursor: str
    has_more: bool


def parse_cursor(value: str, *, field: str = "changed_after") -> int:
    """A cursor from the client: a value from `next_cursor`, or `0` for everything."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_CURSOR:
        message = "Ugyldig markør. Bruk `next_cursor` fra forrige svar, eller 0."
        raise ValidationFailed(
            message, code="invalid_cursor", errors=[field_error(field, message, "invalid")]
        )
    return int(text)


def changed_after(cases: QuerySet, cursor: int, *, limit: int) -> ChangePage:
    """The cases of `cases` changed after `cursor`, oldest change first, at most `limit`.
    An empty page gives the same cursor back."""
    rows = list(cases.filter(change_seq__gt=cursor).order_by("change_seq")[: limit + 1])
    page, has_more = rows[:limit], len(rows) > limit
    next_cursor = page[-1].change_seq if page else cursor
    return ChangePage(cases=page, next_cursor=str(next_cursor), has_more=has_more)
