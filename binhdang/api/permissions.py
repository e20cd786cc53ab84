"""What a caller may do: the same Django permissions as the pages.

A view names `permission_required` (to read) and, per action, `action_permissions`.
Which objects: the view's queryset starts from `visible_to(request.user)` (out of
scope → 404); the services check the finer rules (own agency, reviewer…) → 403.
"""

from rest_framework import permissions


class HasViewPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        perms = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if perms is None:
            perms = getattr(view, "permission_required", None)
        if perms is None:
            return True
        if isinstance(perms, str):
            perms = (perms,)
        return user.has_perms(perms)
