"""The platform for several processes.

- Statement requests and consultations belong to any case, not only a task transfer.
- Deadlines are named rules (`Deadline.rule`, formerly the viewflow node name in `kind`), a
  task finished after its deadline is `late`, and a community's own lengths are
  `DeadlineSetting` rows (formerly the `Community.deadline_days` JSON keyed by node name).
- E-mail goes through an outbox (`OutgoingMail`).
- The pool people are appointed to expert panels from (`CommitteeKind.EXPERT_POOL`).
- R-TT-5: a recommendation records why no statement was needed.
- R-AUD-1: on PostgreSQL a trigger refuses UPDATE and DELETE on the event table.
"""

import django.db.models.deletion
from django.db import migrations, models

# Old keys (viewflow node names) and the rules that replace them.
RULE_NAMES = {
    "screen": "screening",
    "appoint_panel": "panel_appointment",
    "recommend": "recommendation",
    "gp_council": "gp_council_assessment",
    "ssu_decide": "ssu_treatment",
    "statement": "statement",
    "consultation": "consultation",
}
OLD_DEFAULTS = {
    "screen": 14,
    "appoint_panel": 30,
    "recommend": 90,
    "statement": 21,
    "gp_council": 30,
    "consultation": 42,
    "ssu_decide": 60,
}

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION cases_caseevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_caseevent is append-only (R-AUD-1): % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS caseevent_append_only ON cases_caseevent;
CREATE TRIGGER caseevent_append_only
    BEFORE UPDATE OR DELETE ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION cases_caseevent_append_only();
"""
DROP_APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS caseevent_append_only ON cases_caseevent;
DROP FUNCTION IF EXISTS cases_caseevent_append_only();
"""


def rename_rules(apps, schema_editor):
    Deadline = apps.get_model("cases", "Deadline")
    for old, new in RULE_NAMES.items():
        if old != new:
            Deadline.objects.filter(rule=old).update(rule=new)


def copy_deadline_settings(apps, schema_editor):
    Community = apps.get_model("cases", "Community")
    DeadlineSetting = apps.get_model("cases", "DeadlineSetting")
    for community in Community.objects.all():
        for old, days in (community.deadline_days or {}).items():
            if old in RULE_NAMES and int(days) != OLD_DEFAULTS[old]:
                DeadlineSetting.objects.create(
                    community=community, rule=RULE_NAMES[old], days=int(days)
                )


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="deadline", old_name="kind", new_name="rule"),
        migrations.AlterField(
            model_name="deadline",
            name="rule",
            field=models.CharField(max_length=60, verbose_name="fristregel"),
        ),
        migrations.RunPython(rename_rules, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deadline",
            name="state",
            field=models.CharField(
                choices=[
                    ("open", "Åpen"),
                    ("met", "Overholdt"),
                    ("late", "Fullført etter fristen"),
                    ("cancelled", "Bortfalt"),
                ],
                default="open",
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="DeadlineSetting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rule", models.CharField(max_length=60, verbose_name="fristregel")),
                ("days", models.PositiveIntegerField(verbose_name="dager")),
                (
                    "business_days",
                    models.BooleanField(
                        default=False,
                        help_text="Tell virkedager i stedet for kalenderdager.",
                        verbose_name="virkedager",
                    ),
                ),
                (
                    "community",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deadline_settings",
                        to="cases.community",
                    ),
                ),
            ],
            options={
                "verbose_name": "fristinnstilling",
                "verbose_name_plural": "fristinnstillinger",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("community", "rule"), name="one_setting_per_rule"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_deadline_settings, migrations.RunPython.noop),
        migrations.RemoveField(model_name="community", name="deadline_days"),
        migrations.AlterField(
            model_name="consultation",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="consultations",
                to="cases.case",
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                condition=models.Q(("closed_at__isnull", True)),
                fields=["due_on"],
                name="open_consultation_due_idx",
            ),
        ),
        migrations.AlterField(
            model_name="statementrequest",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="statements",
                to="cases.case",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="no_statement_reason",
            field=models.TextField(
                blank=True, verbose_name="begrunnelse for at ingen uttalelse ble innhentet"
            ),
        ),
        migrations.AlterField(
            model_name="committee",
            name="kind",
            field=models.CharField(
                choices=[
                    ("secretariat", "Sekretariat"),
                    ("ssu", "Strategisk samarbeidsutvalg (SSU)"),
                    ("expert_panel", "Partssammensatt faglig utvalg"),
                    ("gp_council", "Fastlegeråd"),
                    ("expert_pool", "Fagpool for faglige utvalg"),
                ],
                max_length=20,
                verbose_name="type",
            ),
        ),
        migrations.CreateModel(
            name="OutgoingMail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subject", models.CharField(max_length=300, verbose_name="emne")),
                ("body", models.TextField(verbose_name="tekst")),
                ("recipients", models.JSONField(default=list, verbose_name="mottakere")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="opprettet")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sendt")),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="forsøk")),
                ("locked_until", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.TextField(blank=True, verbose_name="siste feil")),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
            ],
            options={
                "verbose_name": "utgående e-post",
                "verbose_name_plural": "utgående e-post",
                "ordering": ["created_at", "id"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("sent_at__isnull", True)),
                        fields=["created_at"],
                        name="unsent_mail_idx",
                    )
                ],
            },
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
