"""The triggers that give a case a new `change_seq` when anything its representation shows
changes (`cases.changes`): one list, `WATCHES`, read by the migrations that install them and by
tests/cases/test_change_seq_complete.py, which checks every one exists.

Each watch names a table, a write (INSERT, UPDATE, DELETE), for an UPDATE the columns that
count, and the cases the row belongs to (SQL with `{row}` for NEW or OLD). An UPDATE numbers
the cases of the old row and of the new one (a row moved to another case changes both).

PostgreSQL: one deferred constraint trigger per watch; its function collects the case ids and
calls `cases_change_seq_number(uuid[])`, the one place values are handed out (commit order,
one value per case and transaction: `cases.changes`). Cases are looked up at COMMIT. A
trigger's WHEN is evaluated at the write, so an UPDATE of other columns (a login's
`last_login`) queues nothing.
SQLite: plain AFTER triggers, the largest value so far plus one (the write lock orders them);
cases are looked up at the write. A task of a process with no `workflows_caseprocess` row
numbers nothing; viewflow saves a case's process (both rows) before its first task, and the
case's own insert numbers it anyway.

`install` is idempotent (CREATE OR REPLACE FUNCTION, DROP + CREATE TRIGGER): a later migration
that rebuilds a watched table on SQLite (which drops the table's triggers; Django rebuilds for
many AlterField operations), or creates a table a new watch names, calls it again. It skips a
watch whose table does not exist yet, so migration 0011 still runs on a new database when the
list has grown; the SQL must stay valid for the columns every calling migration sees. Not
called outside migrations on purpose: the schema is the migrations' alone, and the test names
a trigger that went missing.
"""

# The module builds DDL from its own constants (no input reaches it).
# ruff: noqa: S608

from dataclasses import dataclass

# Any fixed number: the advisory lock that orders commits of case changes (PostgreSQL).
CHANGE_LOCK_KEY = 4_152_001


@dataclass(frozen=True)
class Watch:
    name: str
    table: str
    op: str  # INSERT, UPDATE or DELETE
    cases: str  # SELECT of the row's case ids, `{row}` is NEW or OLD
    columns: tuple[str, ...] = ()  # UPDATE: the columns whose change counts (empty: any)


_OWN_CASE = "SELECT {row}.case_id"
_TASKS_CASES = (
    "SELECT cp.case_id FROM viewflow_task t"
    " JOIN workflows_caseprocess cp ON cp.process_ptr_id = t.process_id WHERE "
)
_CASE_COLUMNS = (
    "kind",
    "reference",
    "ssu_case_number",
    "title",
    "status",
    "created_at",
    "updated_at",
    "closed_at",
)


def _all_ops(name, table, cases, columns=()):
    return [
        Watch(f"{name}_insert", table, "INSERT", cases),
        Watch(f"{name}_update", table, "UPDATE", cases, columns),
        Watch(f"{name}_delete", table, "DELETE", cases),
    ]


WATCHES: list[Watch] = [
    # A new case, a new event on it (migration 0004's two, with their names kept).
    Watch("case_change_seq_on_insert", "cases_case", "INSERT", "SELECT {row}.id"),
    Watch("case_change_seq_on_event", "cases_caseevent", "INSERT", _OWN_CASE),
    # The case's own fields (not change_seq: the triggers' own UPDATE must not come back).
    Watch(
        "case_change_seq_on_case_update", "cases_case", "UPDATE", "SELECT {row}.id", _CASE_COLUMNS
    ),
    # A linked case shows the other's kind (`links`).
    Watch(
        "case_change_seq_on_linked_kind_update",
        "cases_case",
        "UPDATE",
        "SELECT other_id FROM cases_caselink WHERE case_id = {row}.id"
        " UNION SELECT case_id FROM cases_caselink WHERE other_id = {row}.id",
        ("kind",),
    ),
    *_all_ops("case_change_seq_on_parties", "cases_case_parties", _OWN_CASE),
    Watch(
        "case_change_seq_on_party_update",
        "cases_party",
        "UPDATE",
        "SELECT case_id FROM cases_case_parties WHERE party_id = {row}.id",
        ("name", "kind"),
    ),
    *_all_ops(
        "case_change_seq_on_deadline",
        "cases_deadline",
        _OWN_CASE,
        ("case_id", "rule", "due_on", "state", "task_id"),
    ),
    *_all_ops(
        "case_change_seq_on_task",
        "viewflow_task",
        "SELECT case_id FROM workflows_caseprocess WHERE process_ptr_id = {row}.process_id",
        ("process_id", "status", "owner_id", "owner_permission", "flow_task"),
    ),
    # A committee's name is a task's `candidates` (api.serializers.tasks._committee_pk).
    Watch(
        "case_change_seq_on_committee_update",
        "cases_committee",
        "UPDATE",
        _TASKS_CASES + "t.owner_permission = 'cases.committee_' || {row}.id",
        ("name",),
    ),
    # A user's username is a task's `assignee`.
    Watch(
        "case_change_seq_on_user_update",
        "auth_user",
        "UPDATE",
        _TASKS_CASES + "t.owner_id = {row}.id",
        ("username",),
    ),
    *_all_ops(
        "case_change_seq_on_link",
        "cases_caselink",
        "SELECT {row}.case_id UNION SELECT {row}.other_id",
    ),
]

TRIGGERS: dict[str, str] = {w.name: w.table for w in WATCHES}


def _rows(op: str) -> list[str]:
    return {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[op]


def _cases_of(watch: Watch) -> str:
    return " UNION ".join(watch.cases.format(row=row) for row in _rows(watch.op))


def _when(watch: Watch, differs: str) -> str:
    if not watch.columns:
        return ""
    return "WHEN (" + " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in watch.columns) + ")"


# PostgreSQL -------------------------------------------------------------------------------

PG_NUMBER = f"""
CREATE OR REPLACE FUNCTION cases_change_seq_number(targets uuid[]) RETURNS void AS $$
DECLARE
    seq_floor text := current_setting('saksflyt.change_seq_floor', true);
BEGIN
    IF coalesce(cardinality(targets), 0) > 0 THEN
        IF seq_floor IS NULL OR seq_floor = '' THEN
            -- Wait for the cases' other writers before taking the lock, not while holding
            -- it: one of them may be about to wait for it at its own commit.
            PERFORM 1 FROM cases_case WHERE id = ANY(targets) ORDER BY id FOR NO KEY UPDATE;
            -- Held to the end of the commit: values are handed out in commit order.
            PERFORM pg_advisory_xact_lock({CHANGE_LOCK_KEY});
            SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END
              INTO seq_floor FROM cases_case_change_seq;
            PERFORM set_config('saksflyt.change_seq_floor', seq_floor, true);
        END IF;
        -- One value per case and transaction: skip a case this transaction has numbered.
        UPDATE cases_case SET change_seq = nextval('cases_case_change_seq')
         WHERE id = ANY(targets) AND (change_seq IS NULL OR change_seq <= seq_floor::bigint);
    END IF;
END;
$$ LANGUAGE plpgsql
"""


def _pg_function(watch: Watch) -> str:
    return f"{watch.name}_fn"


def _pg_install(watch: Watch) -> list[str]:
    return [
        f"""
CREATE OR REPLACE FUNCTION {_pg_function(watch)}() RETURNS trigger AS $$
BEGIN
    PERFORM cases_change_seq_number(ARRAY({_cases_of(watch)}));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
        f"DROP TRIGGER IF EXISTS {watch.name} ON {watch.table}",
        f"""
CREATE CONSTRAINT TRIGGER {watch.name}
    AFTER {watch.op} ON {watch.table} DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW {_when(watch, "IS DISTINCT FROM")}
    EXECUTE FUNCTION {_pg_function(watch)}()
""",
    ]


PG_SEQUENCE = "CREATE SEQUENCE IF NOT EXISTS cases_case_change_seq AS bigint"


def pg_install(watches: list[Watch]) -> list[str]:
    statements = [PG_SEQUENCE, PG_NUMBER]
    for watch in watches:
        statements += _pg_install(watch)
    # The function migration 0004 once installed, before it used this module.
    return [*statements, "DROP FUNCTION IF EXISTS cases_case_change_seq_assign()"]


def pg_uninstall(watches: list[Watch], *, numbering: bool) -> list[str]:
    statements = []
    for watch in watches:
        statements += [
            f"DROP TRIGGER IF EXISTS {watch.name} ON {watch.table}",
            f"DROP FUNCTION IF EXISTS {_pg_function(watch)}()",
        ]
    if numbering:
        statements += [
            "DROP FUNCTION IF EXISTS cases_change_seq_number(uuid[])",
            "DROP SEQUENCE IF EXISTS cases_case_change_seq",
        ]
    return statements


# SQLite -----------------------------------------------------------------------------------


def _sqlite_install(watch: Watch) -> str:
    targets = _cases_of(watch)
    # Several cases in one statement get distinct values: the largest so far plus each
    # case's rank among them.
    rank = (
        f"(SELECT COUNT(*) FROM cases_case c2"
        f" WHERE c2.id IN ({targets}) AND c2.id <= cases_case.id)"
    )
    return f"""
CREATE TRIGGER {watch.name} AFTER {watch.op} ON {watch.table}
{_when(watch, "IS NOT")}
BEGIN
    UPDATE cases_case
       SET change_seq = (SELECT COALESCE(MAX(change_seq), 0) FROM cases_case) + {rank}
     WHERE id IN ({targets});
END
"""


def sqlite_install(watches: list[Watch]) -> list[str]:
    return [_sqlite_install(watch) for watch in watches]


def sqlite_uninstall(watches: list[Watch]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {watch.name}" for watch in watches]


# Migrations --------------------------------------------------------------------------------

# Migration 0004's watches (new cases and events); 0011 adds the others.
FIRST = ("case_change_seq_on_insert", "case_change_seq_on_event")


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def _chosen(names) -> list[Watch]:
    return [w for w in WATCHES if names is None or w.name in names]


def install(schema_editor, names=None) -> None:
    """The triggers of the watches `names` (all by default) whose table exists, created or
    replaced (safe to call again)."""
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    watches = [w for w in _chosen(names) if w.table in tables]
    if connection.vendor == "postgresql":
        _run(schema_editor, pg_install(watches))
    elif connection.vendor == "sqlite":
        # SQLite has no CREATE OR REPLACE TRIGGER: drop, so the current SQL is the one kept.
        _run(schema_editor, sqlite_uninstall(watches) + sqlite_install(watches))


def uninstall(schema_editor, names=None, *, numbering: bool = False) -> None:
    """Drop the triggers of the watches `names` (all by default); with `numbering`, also the
    function and sequence they share (PostgreSQL)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, pg_uninstall(_chosen(names), numbering=numbering))
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_uninstall(_chosen(names)))
