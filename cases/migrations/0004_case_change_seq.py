"""The change feed: `Case.change_seq`, given by the database when a change to a case commits.

A change is a new case or a new event on it (every change path appends an event, R-AUD-1), so
two triggers, on `cases_case` and `cases_caseevent` inserts, are the one place the value is
set. Why the value is in commit order on each database: `cases.changes`.

Migration 0011 widens this to everything the case's representation shows and replaces this
migration's function; the triggers of both, by name and table, are listed in
`cases.change_triggers.WATCHES`. On SQLite a table rebuild drops its triggers: a later
migration that rebuilds a table listed there must call `cases.change_triggers.install` again
(tests/cases/test_change_seq_complete.py names the trigger that went missing).
"""

from django.db import migrations, models

from cases.change_triggers import CHANGE_LOCK_KEY

PG_INSTALL = [
    "CREATE SEQUENCE IF NOT EXISTS cases_case_change_seq AS bigint",
    f"""
CREATE OR REPLACE FUNCTION cases_case_change_seq_assign() RETURNS trigger AS $$
DECLARE
    target uuid;
    seq_floor text := current_setting('saksflyt.change_seq_floor', true);
BEGIN
    IF TG_TABLE_NAME = 'cases_case' THEN
        target := NEW.id;
    ELSE
        target := NEW.case_id;
    END IF;
    IF seq_floor IS NULL OR seq_floor = '' THEN
        -- Held to the end of the commit: values are handed out in commit order.
        PERFORM pg_advisory_xact_lock({CHANGE_LOCK_KEY});
        SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END
          INTO seq_floor FROM cases_case_change_seq;
        PERFORM set_config('saksflyt.change_seq_floor', seq_floor, true);
    END IF;
    -- One value per case and transaction: skip a case this transaction has numbered.
    UPDATE cases_case SET change_seq = nextval('cases_case_change_seq')
     WHERE id = target AND (change_seq IS NULL OR change_seq <= seq_floor::bigint);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS case_change_seq_on_insert ON cases_case",
    """
CREATE CONSTRAINT TRIGGER case_change_seq_on_insert
    AFTER INSERT ON cases_case DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION cases_case_change_seq_assign()
""",
    "DROP TRIGGER IF EXISTS case_change_seq_on_event ON cases_caseevent",
    """
CREATE CONSTRAINT TRIGGER case_change_seq_on_event
    AFTER INSERT ON cases_caseevent DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION cases_case_change_seq_assign()
""",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS case_change_seq_on_event ON cases_caseevent",
    "DROP TRIGGER IF EXISTS case_change_seq_on_insert ON cases_case",
    "DROP FUNCTION IF EXISTS cases_case_change_seq_assign()",
    "DROP SEQUENCE IF EXISTS cases_case_change_seq",
]

SQLITE_NEXT = "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM cases_case)"
SQLITE_INSTALL = [
    f"""
CREATE TRIGGER IF NOT EXISTS case_change_seq_on_insert AFTER INSERT ON cases_case
BEGIN
    UPDATE cases_case SET change_seq = {SQLITE_NEXT} WHERE id = NEW.id;
END
""",
    f"""
CREATE TRIGGER IF NOT EXISTS case_change_seq_on_event AFTER INSERT ON cases_caseevent
BEGIN
    UPDATE cases_case SET change_seq = {SQLITE_NEXT} WHERE id = NEW.case_id;
END
""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS case_change_seq_on_event",
    "DROP TRIGGER IF EXISTS case_change_seq_on_insert",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backfill(apps, schema_editor):
    """Existing cases enter the feed in the order they last changed."""
    Case = apps.get_model("cases", "Case")
    last = 0
    for last, pk in enumerate(Case.objects.order_by("updated_at", "pk").values_list("pk", flat=True), 1):
        Case.objects.filter(pk=pk).update(change_seq=last)
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, PG_INSTALL[:1])
        if last:
            schema_editor.execute("SELECT setval('cases_case_change_seq', %s)", params=[last])


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_INSTALL)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_INSTALL)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="change_seq",
            field=models.BigIntegerField(
                editable=False, null=True, unique=True, verbose_name="endringsnummer"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
