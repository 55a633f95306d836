from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's bare viewflow flow (`bench.bare_flow`) registers like any flow."""

    name = "bench"
    default_auto_field = "django.db.models.BigAutoField"
