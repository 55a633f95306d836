"""The admin's own login counts and refuses like the web and API logins (found by the admin's
autodiscovery, like every app's admin module)."""

from django.contrib import admin

from workflows.web.login import AdminLoginForm

admin.site.login_form = AdminLoginForm
