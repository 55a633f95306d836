"""Administration of the community's configuration. Cases and events are read-only here:
they change only through the services (R-AUD-1)."""

from django import forms
from django.contrib import admin, messages

from .deadline_rules import all_rules
from .models import (
    AccountLock,
    BillingTerms,
    CaseEvent,
    Committee,
    Community,
    DailyRate,
    DeadlineSetting,
    Dispute,
    DisputeLadder,
    HospitalUnit,
    InterestRate,
    Invoice,
    InvoiceLine,
    InvoiceObjection,
    LadderStage,
    Membership,
    Party,
    PartyKind,
    Profile,
    TaskTransfer,
)
from .services.sign_in import lift_locks


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0


class DeadlineSettingInline(admin.TabularInline):
    """A community's own lengths of the named deadline rules (R-DL-1, R-DL-2)."""

    model = DeadlineSetting
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "rule":
            from django import forms

            choices = [(r.name, f"{r.label} ({r.days} dager)") for r in all_rules()]
            return forms.ChoiceField(choices=choices, label="Fristregel")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "quorum_rule", "dispute_ladder"]
    inlines = [PartyInline, DeadlineSettingInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation_number", "municipality_number", "community"]
    list_filter = ["kind", "community"]
    search_fields = ["name", "organisation_number"]


@admin.register(HospitalUnit)
class HospitalUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "head"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "community"]
    list_filter = ["kind", "community"]
    inlines = [MembershipInline]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "party", "title"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ["at", "actor", "action", "from_status", "to_status", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TaskTransfer)
class TaskTransferAdmin(ReadOnlyAdmin):
    list_display = ["reference", "ssu_case_number", "title", "status", "updated_at"]
    list_filter = ["status", "community"]
    search_fields = ["reference", "title", "ssu_case_number"]
    inlines = [CaseEventInline]


class LadderStageInline(admin.TabularInline):
    """The stages of an agreement's dispute ladder, in order, and what each needs."""

    model = LadderStage
    extra = 0
    ordering = ["position"]


@admin.register(DisputeLadder)
class DisputeLadderAdmin(admin.ModelAdmin):
    list_display = ["name", "agreement"]
    inlines = [LadderStageInline]


@admin.register(InterestRate)
class InterestRateAdmin(admin.ModelAdmin):
    """R-DSP-5: the late-payment interest rate of each half-year."""

    list_display = ["half_year_start", "rate"]


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "dispute_kind", "status", "updated_at"]
    list_filter = ["status", "dispute_kind", "community"]
    search_fields = ["reference", "title", "subject"]
    inlines = [CaseEventInline]


@admin.register(AccountLock)
class AccountLockAdmin(admin.ModelAdmin):
    """Staff see locked accounts and lift a lock before it ends by itself."""

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


@admin.register(BillingTerms)
class BillingTermsAdmin(admin.ModelAdmin):
    """R-USK-1..4: how a community's agreement counts chargeable days."""

    list_display = [
        "community",
        "charge_start",
        "grace_hours",
        "requires_discharge_summary",
        "readmission_void_hours",
    ]


@admin.register(DailyRate)
class DailyRateAdmin(admin.ModelAdmin):
    """R-USK-5: the døgnpris of each year; later years are entered here."""

    list_display = ["year", "amount", "note"]


class InvoiceLineInline(admin.TabularInline):
    """The invoice's lines; the computed days are filled by the calculator, not typed."""

    model = InvoiceLine
    extra = 0
    fields = [
        "position",
        "patient_ref",
        "unit",
        "period_start",
        "period_end",
        "days",
        "amount",
        "stay",
        "computed_days",
    ]
    readonly_fields = ["computed_days"]


class InvoiceAdminForm(forms.ModelForm):
    class Meta:
        model = Invoice
        fields = ["health_trust", "municipality", "number", "issued_on", "received_on"]

    def clean(self):
        from django.core.exceptions import ValidationError

        from .services.invoice_objection.invoices import invoice_payer_errors

        data = super().clean()
        trust, municipality = data.get("health_trust"), data.get("municipality")
        if trust is not None:
            if trust.kind != PartyKind.HEALTH_TRUST:
                raise ValidationError({"health_trust": "Velg et helseforetak."})
            errors = invoice_payer_errors(
                community_id=trust.community_id, health_trust=trust, municipality=municipality
            )
            if errors:
                raise ValidationError({"municipality": errors[0]["message"]})
        issued, received = data.get("issued_on"), data.get("received_on")
        if issued and received and received < issued:
            raise ValidationError({"received_on": "Fakturaen kan ikke mottas før den er utstedt."})
        return data


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """R-OBJ-1: accounting registers the trust's monthly invoices here or through the API.
    The due date follows from the issue date (`invoice_due_on`)."""

    list_display = ["number", "health_trust", "municipality", "issued_on", "received_on", "due_on"]
    list_filter = ["community", "health_trust"]
    search_fields = ["number"]
    readonly_fields = [
        "due_on",
        "created_by",
        "created_at",
        "late_acceptance_reason",
        "late_accepted_by",
        "late_accepted_at",
    ]
    form = InvoiceAdminForm
    inlines = [InvoiceLineInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """R-AUD-2: opening an invoice shows its NPR-IDs: the read is recorded."""
        from .services.invoice_objection import patient_data_read

        invoice = self.get_object(request, object_id)
        if invoice is not None and request.method == "GET":
            patient_data_read(request.user, invoice=invoice, channel="web", what="administrasjon")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        from .services.invoice_objection.invoices import admin_prepare_invoice

        admin_prepare_invoice(obj, actor=request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        from .services.invoice_objection.invoices import fill_computed_days

        super().save_formset(request, form, formset, change)
        fill_computed_days(form.instance)


@admin.register(InvoiceObjection)
class InvoiceObjectionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "invoice", "unit", "status", "updated_at"]
    list_filter = ["status", "community"]
    search_fields = ["reference", "title"]
    inlines = [CaseEventInline]
