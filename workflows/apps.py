from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Arbeidsflyt"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register every process now, so that flows, node permissions and the registry are
        # complete before the first request or command.
        from .registry import autodiscover

        autodiscover()
