import time

from django.core.management.base import BaseCommand

from workflows.sweep import run_sweep


class Command(BaseCommand):
    help = (
        "Lukker høringer ved fristen og eskalerer oversittede frister "
        "(én gang, eller hvert N. sekund)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Gjenta hvert N. sekund.")

    def handle(self, *args, every: int, **options):
        while True:
            result = run_sweep()
            if any(result.values()) or not every:
                self.stdout.write(
                    f"Høringer lukket: {result['consultations_closed']}, "
                    f"frister eskalert: {result['deadlines_escalated']}"
                )
            if not every:
                return
            time.sleep(every)
