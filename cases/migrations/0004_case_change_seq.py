"""The change feed: `Case.change_seq`, given by the database when a change to a case commits.

A change is a new case or a new event on it (every change path appends an event, R-AUD-1), so
two triggers, on `cases_case` and `cases_caseevent` inserts, are the one place the value is
set. Why the value is in commit order on each database: `cases.changes`.

The triggers' SQL is `cases.change_triggers` (its `FIRST` watches are this migration's);
migration 0011 widens them to everything the case's representation shows. The triggers of
both, by name and table, are listed in `cases.change_triggers.WATCHES`. On SQLite a table
rebuild drops its triggers: a later migration that rebuilds a table listed there must call
`cases.change_triggers.install` again (tests/cases/test_change_seq_complete.py names the
trigger that went missing).
"""

from django.db import migrations, models

from cases import change_triggers


def backfill(apps, schema_editor):
    """Existing cases enter the feed in the order they last changed."""
    Case = apps.get_model("cases", "Case")
    last = 0
    for last, pk in enumerate(Case.objects.order_by("updated_at", "pk").values_list("pk", flat=True), 1):
        Case.objects.filter(pk=pk).update(change_seq=last)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(change_triggers.PG_SEQUENCE, params=None)
        if last:
            schema_editor.execute("SELECT setval('cases_case_change_seq', %s)", params=[last])


def install(apps, schema_editor):
    change_triggers.install(schema_editor, change_triggers.FIRST)


def uninstall(apps, schema_editor):
    change_triggers.uninstall(schema_editor, change_triggers.FIRST, numbering=True)


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
