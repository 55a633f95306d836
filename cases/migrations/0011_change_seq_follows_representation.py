"""`Case.change_seq` moves whenever anything the case's representation shows changes: its
fields, parties (and their names), deadlines, open tasks (their assignee's username, their
committee's name), links. The triggers and the list of them: `cases.change_triggers`.

Reversing leaves migration 0004's two triggers (case and event inserts) and nothing else.
"""

from django.conf import settings
from django.db import migrations

from cases import change_triggers


def install(apps, schema_editor):
    change_triggers.install(schema_editor)


def uninstall(apps, schema_editor):
    later = [w.name for w in change_triggers.WATCHES if w.name not in change_triggers.FIRST]
    change_triggers.uninstall(schema_editor, later)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_daily_rate_note"),
        ("workflows", "0001_initial"),
        ("viewflow", "0015_task_scheduled"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(install, uninstall)]
