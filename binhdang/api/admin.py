from django.contrib import admin

from binhdang.api.models import ApiToken, Dhis2Mapping
from binhdang.core.audit import audit_log


@admin.register(Dhis2Mapping)
class Dhis2MappingAdmin(admin.ModelAdmin):
    list_display = ["kind", "local", "uid", "code", "note"]
    list_filter = ["kind"]
    search_fields = ["local", "uid", "code"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_log(
            actor=request.user,
            action="api.mapping.changed",
            obj=obj,
            data={"kind": obj.kind, "local": obj.local, "uid": obj.uid, "code": obj.code},
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see who holds tokens (never the secrets) and may revoke them."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]
    search_fields = ["name", "user__username", "prefix"]

    def has_add_permission(self, request):
        return False
