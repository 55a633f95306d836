import time

from django.core.management.base import BaseCommand

from workflows.sweep import describe, run_sweep


class Command(BaseCommand):
    help = (
        "Kjører fristsveipet: lukker høringer ved fristen, eskalerer oversittede frister og "
        "sender e-post som ikke er sendt (én gang, eller hvert N. sekund)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Gjenta hvert N. sekund.")

    def handle(self, *args, every: int, **options):
        while True:
            result = run_sweep()
            if any(result.values()) or not every:
                self.stdout.write(describe(result))
            if not every:
                return
            time.sleep(every)
