"""The two ladders of the sources and the known late-payment interest rates (R-DSP-5)."""

from django.db import migrations

from cases.ladder_data import install_interest_rates, install_standard_ladders


def install(apps, schema_editor):
    install_standard_ladders(apps.get_model("cases", "DisputeLadder"), apps.get_model("cases", "LadderStage"))
    install_interest_rates(apps.get_model("cases", "InterestRate"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_disputes")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
