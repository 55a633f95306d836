"""Who may call what. Deny by default: every view names its permission classes.

Role checks (which committee may act) live in `cases.services` and the workflow engine and
surface as 403 `permission_denied`; visibility (R-PTY-2) is `cases.selectors.cases_visible_to`,
so a case outside it answers 404 and its existence is not revealed.
"""

from rest_framework.permissions import AllowAny, BasePermission


class Anyone(AllowAny):
    """Public: the token endpoint, the schema and its documentation."""


class SignedIn(BasePermission):
    """Any active, authenticated user; what they see is narrowed by visibility."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


__all__ = ["Anyone", "SignedIn"]
