"""The døgnpris of the years the sources give (R-USK-5); later years are entered in the admin."""

from decimal import Decimal

DAILY_RATES = {
    2014: Decimal("4255"),
    2015: Decimal("4387"),
    2016: Decimal("4505"),
    2017: Decimal("4622"),
    2018: Decimal("4747"),
    2019: Decimal("4885"),
    2020: Decimal("5036"),
    2021: Decimal("5167"),
    2022: Decimal("5306"),
    2023: Decimal("5508"),
    2024: Decimal("5745"),
}


def install_daily_rates(rate_model) -> None:
    for year, amount in DAILY_RATES.items():
        rate_model.objects.get_or_create(year=year, defaults={"amount": amount})


# Set on those rows by migration 0010, once the note field exists.
SOURCE_NOTE = "Fastsatt døgnpris (forskrift om kommunal betaling for utskrivningsklare pasienter)"
