from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Arbeidsflyt"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Import flows now so that node permissions and the flow registry are deterministic.
        from . import registry  # noqa: F401
