from django.contrib.auth.backends import BaseBackend

FLOW_VIEW_PERMISSION = "workflows.view_caseprocess"


class FlowAccessBackend(BaseBackend):
    """Every active user may open the flow lists; which cases they see is decided by
    `cases.selectors`, and which tasks they may take by committee roles."""

    def get_all_permissions(self, user_obj, obj=None):
        return {FLOW_VIEW_PERMISSION} if user_obj.is_active and not user_obj.is_anonymous else set()

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
