"""Staff see locked accounts and lift a lock before it ends by itself."""

from django.contrib import admin, messages

from .forms import AdminLoginForm
from .guard import lift_locks
from .models import AccountLock


@admin.register(AccountLock)
class AccountLockAdmin(admin.ModelAdmin):
    list_display = ["username", "locked_at", "locked_until", "address", "active"]
    search_fields = ["username"]
    readonly_fields = ["username", "locked_at", "locked_until", "address"]
    actions = ["lift"]

    @admin.display(boolean=True, description="aktiv")
    def active(self, lock):
        return lock.active

    def has_add_permission(self, request):
        return False

    @admin.action(description="Opphev sperren")
    def lift(self, request, queryset):
        lifted = lift_locks(queryset.values_list("username", flat=True))
        self.message_user(request, f"Sperren er opphevet for {lifted} konto(er).", messages.SUCCESS)

    def delete_queryset(self, request, queryset):
        lift_locks(queryset.values_list("username", flat=True))

    def delete_model(self, request, obj):
        lift_locks([obj.username])


# The admin's own login counts and refuses like the web and API logins.
admin.site.login_form = AdminLoginForm
