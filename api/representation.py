"""The case representation as clients poll it: each version of a case is built once, and a
conditional request is answered without building anything.

`Case.change_seq` moves, in the transaction that makes the change, whenever anything
`CaseSerializer` shows of the case changes: the case row, its parties and their names, its
deadlines, its tasks, their committees and holders, its links (migrations 0004 and 0011,
tests/cases/test_change_seq_complete.py). Everything else it shows is derived from code
(`config.release.release()`), from the day (`overdue` turns at midnight) or from the language.
So (release, day, language, case id, change_seq) names one representation of the case and
all its links. Which of the linked cases a caller may see depends on the caller, and is asked
on every request that shows a link (one query, none when there are no links): the rule is
never cached, only what it is applied to.

- The `ETag` of a case, or of a page of cases, is the hash of those names, the links the
  caller may see and the page's envelope; a matching `If-None-Match` is answered `304` after
  one query for the page (the caller's seats and the visibility rule come with it).
- The representation and all its links are kept under those names (`entries`, in each
  worker's memory), built on a miss by the one-pass serializer. A build reads several
  queries: it is kept only when the case's number is the same after the build as before
  (nothing was committed in between), and only outside a transaction (a transaction that
  rolls back could give the same number again).
- PostgreSQL gives the number at COMMIT (a deferred trigger, for commit order). Inside a
  transaction the number read may not yet cover what that transaction has written, so there
  (`numbers_trusted()` is false) the representation is built afresh and its `ETag` is the hash
  of the body (`Conditional`), as for every other resource. SQLite numbers on the write itself.
"""

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import translation

from api.serializers.cases import CaseSerializer, link_rows
from cases import calendar
from cases.models import Case
from cases.selectors import linked_cases, visible_ids
from config.release import release


class Entries:
    """The built representations this worker holds, least recently used dropped first. Held
    as built, not copied: nothing reads them but `Versions.bodies`, which copies the top level
    and never changes what is nested (a cache that pickled would cost more than it saves on
    a page of 50)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys) -> dict:
        with self._lock:
            found = {k: self._items[k] for k in keys if k in self._items}
            for k in found:
                self._items.move_to_end(k)
        return found

    def set_many(self, items: dict) -> None:
        with self._lock:
            self._items.update(items)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


entries = Entries(settings.SAKSFLYT_REPRESENTATIONS_KEPT)


def numbers_trusted() -> bool:
    """Whether `change_seq`, as this connection reads it now, covers every change it can see."""
    return connection.vendor != "postgresql" or not connection.in_atomic_block


def _names() -> str:
    return f"{release()}:{calendar.today().isoformat()}:{translation.get_language()}"


def _key(names: str, pk, seq: int) -> str:
    return f"case:{names}:{pk}:{seq}"


def _hash(*parts) -> str:
    payload = json.dumps(parts, cls=DjangoJSONEncoder, separators=(",", ":")).encode("utf-8")
    return '"' + hashlib.sha256(payload).hexdigest() + '"'


def _build(pks, request) -> dict:
    """What names cases `pks` read now, by id: the representation without links, and every
    link of the case (whichever the caller may see)."""
    from api.views.common import case_page_context, case_queryset  # it imports this module

    cases = list(case_queryset(subclasses=False).filter(pk__in=pks))
    context = {"request": request, **case_page_context(cases), "_links": {}}
    serializer = CaseSerializer(cases, many=True, context=context)
    links = linked_cases([c.pk for c in cases])
    built = {}
    for case, row in zip(cases, serializer.data, strict=True):
        row.pop("links")
        built[case.pk] = {"body": row, "links": link_rows(links[case.pk])}
    return built


@dataclass
class Versions:
    """The cases of a response, in order, as (id, change_seq), each with what it shows
    (`entries`, from the cache where it has them) and the links the caller may see."""

    rows: list[tuple]
    entries: dict
    links: dict
    trusted: bool

    @classmethod
    def of(cls, cases, request, *, committed: bool = False) -> "Versions":
        """`committed`: the caller knows its transaction has written nothing yet, so the
        numbers it reads are the committed ones (`case_etag`)."""
        rows = [(c.pk, c.change_seq) for c in cases]
        trusted = (committed or numbers_trusted()) and all(seq is not None for _, seq in rows)
        if not rows:
            entries = {}
        elif trusted:
            entries, trusted = _cached_or_built(rows, request)
        else:
            entries = _build([pk for pk, _ in rows], request)
        targets = {link["id"] for entry in entries.values() for link in entry["links"]}
        visible = visible_ids(request.user, targets)
        links = {
            pk: [link for link in entry["links"] if link["id"] in visible]
            for pk, entry in entries.items()
        }
        return cls(rows=rows, entries=entries, links=links, trusted=trusted)

    def etag(self, envelope=None) -> str | None:
        """The validator of the response, or None where only the body's hash will do."""
        if not self.trusted:
            return None
        return _hash(_names(), envelope, [(pk, seq, self.links[pk]) for pk, seq in self.rows])

    def bodies(self) -> list[dict]:
        """The representations, in order."""
        return [{**self.entries[pk]["body"], "links": self.links[pk]} for pk, _ in self.rows]


def _cached_or_built(rows, request) -> tuple[dict, bool]:
    """The entries of `rows` from the cache, the missing ones built and stored; and whether
    the numbers still name them (false when a change was committed during the build)."""
    names, cache = _names(), entries
    keys = {pk: _key(names, pk, seq) for pk, seq in rows}
    hits = cache.get_many(list(keys.values()))
    found = {pk: hits[k] for pk, k in keys.items() if k in hits}
    missing = [pk for pk in keys if pk not in found]
    if not missing:
        return found, True
    built = _build(missing, request)
    now = dict(Case.objects.filter(pk__in=missing).values_list("pk", "change_seq"))
    seqs = dict(rows)
    if any(now.get(pk) != seqs[pk] for pk in missing):
        # Not the state the numbers name: served, but validated by the body's hash.
        return {**found, **built}, False
    if not connection.in_atomic_block:
        cache.set_many({keys[pk]: entry for pk, entry in built.items()})
    return {**found, **built}, True


def case_etag(case_id, request) -> str | None:
    """The `ETag` a `GET` of the case gives the caller now, by its number. Called under the
    case's lock before anything is written (`If-Match`), where the committed number is the
    one that counts; None where the case has no number yet."""
    case = Case.objects.only("pk", "change_seq").get(pk=case_id)
    if case.change_seq is None:
        return None
    versions = Versions.of([case], request, committed=True)
    return versions.etag()
