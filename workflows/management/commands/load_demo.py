import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from workflows.demo import DEMO_PASSWORD, demo_user_tables, load_demo, role_label


class Command(BaseCommand):
    help = (
        "Laster demodata for Helsefellesskapet Troms og Ofoten og Helsefellesskapet Møre og "
        "Romsdal: parter, utvalg, brukere og eksempelsaker. Kan kjøres flere ganger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Skriv brukerlisten som JSON.")

    def handle(self, *args, json: bool = False, **options):
        if not getattr(settings, "SAKSFLYT_DEMO_ALLOWED", False):
            raise CommandError(
                "Demodata kan ikke lastes med disse innstillingene "
                "(SAKSFLYT_DEMO_ALLOWED er ikke slått på). Bruk config.settings.dev."
            )
        # The sample cases notify proposers; demo data never sends e-mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            load_demo()
        tables = demo_user_tables()
        if json:
            self.stdout.write(_json_dumps([row for _, rows in tables for row in rows]))
            return
        for community, rows in tables:
            self.stdout.write(
                f"{community.name}: demodata er lastet. Passord for alle: {DEMO_PASSWORD}"
            )
            self._table(rows)
            self.stdout.write("")

    def _table(self, rows) -> None:
        width_user = max(len(r["username"]) for r in rows)
        width_name = max(len(r["name"]) for r in rows)
        width_party = max(len(r["party"] or "–") for r in rows)
        header = (
            f"{'Brukernavn':<{width_user}}  {'Navn':<{width_name}}  {'Part':<{width_party}}  Roller"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in rows:
            self.stdout.write(
                f"{r['username']:<{width_user}}  {r['name']:<{width_name}}  "
                f"{r['party'] or '–':<{width_party}}  {'; '.join(map(role_label, r['roles']))}"
            )


def _json_dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
