"""Web UI: login/logout and the viewflow Material site (case pages and one app per process)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from workflows.web.login import LoginForm
from workflows.web.site import site_urls


def build_urlpatterns() -> list:
    """The web URLs of every registered process (built from the registry)."""
    return [
        path(
            "accounts/login/",
            auth_views.LoginView.as_view(
                authentication_form=LoginForm, redirect_authenticated_user=True
            ),
            name="login",
        ),
        path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("", site_urls()),
    ]


urlpatterns = build_urlpatterns()
