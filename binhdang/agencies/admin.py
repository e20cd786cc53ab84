from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from binhdang.agencies.models import Agency, AgencyAlias, AgencySuccession


class AliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 0
    fields = ("alias", "kind")


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "kind", "unit", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("full_name", "name", "abbreviation", "search_key")
    raw_id_fields = ("unit", "parent")
    inlines = [AliasInline]


@admin.register(AgencySuccession)
class AgencySuccessionAdmin(SimpleHistoryAdmin):
    list_display = ("predecessor", "successor", "effective_date", "functions")
    raw_id_fields = ("predecessor", "successor")
