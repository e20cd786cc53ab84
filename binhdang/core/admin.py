from django.contrib import admin

from binhdang.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: audit entries are never edited or deleted."""

    list_display = ("timestamp", "actor_name", "action", "object_label")
    list_filter = ("action",)
    search_fields = ("object_label", "actor_name", "action")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
