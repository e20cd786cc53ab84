from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from binhdang.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "full_name", "agency", "is_active", "last_login")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("binhdang", {"fields": ("full_name", "agency", "phone")}),
    )
