"""Template context on every page: the start pages of the registered processes (menu)."""

from django.utils.functional import SimpleLazyObject


def saksflyt(request) -> dict:
    from .views import start_links

    return {"start_links": SimpleLazyObject(start_links)}
