from django.contrib import admin

from binhdang.geo.models import AdministrativeUnit


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "generation", "valid_from", "valid_to")
    list_filter = ("level", "generation")
    search_fields = ("name", "code", "fold_key")
    raw_id_fields = ("parent", "province")
