"""Read-only admin pages: writes go through the services (audit, checks), never the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from binhdang.media.models import Adoption, Assessment, EvidenceFile, MediaAgency


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AdoptionInline(ReadOnlyMixin, admin.TabularInline):
    model = Adoption
    extra = 0
    fields = ("year", "status", "decided_on", "decision_ref")


@admin.register(MediaAgency)
class MediaAgencyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "unit", "managing_body", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "fold_key", "managing_body")
    inlines = [AdoptionInline]


class EvidenceInline(ReadOnlyMixin, admin.TabularInline):
    model = EvidenceFile
    extra = 0
    fields = ("name", "size", "uploaded_at")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("media_agency", "year", "assessed_on", "decision_ref")
    list_filter = ("year",)
    search_fields = ("media_agency__name",)
    inlines = [EvidenceInline]
