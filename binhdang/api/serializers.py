"""Output serializers (one per resource) and the small input serializers of the actions.

No business logic here: views call services (writes) and selectors (reads); these only
shape what goes out and check the shape of what comes in.
"""

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from binhdang.agencies.models import Agency, AgencyAlias
from binhdang.api.models import ApiToken, Dhis2Mapping
from binhdang.conventions.models import Convention
from binhdang.geo.models import AdministrativeUnit, UnitSuccession
from binhdang.indicators.models import Indicator
from binhdang.media.models import MediaAgency
from binhdang.plans.models import Plan, PlanImport, Target
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.reporting.choices import Channel, EventType
from binhdang.reporting.models import CommEvent, DataElement, DataValue, ReportRound, Submission

# ---- administrative units ------------------------------------------------------------


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "level", "generation"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = [
            "id", "code", "name", "short_name", "level", "division_type", "generation",
            "parent", "province", "path", "valid_from", "valid_to", "note",
        ]  # fmt: skip


class SuccessionSerializer(serializers.ModelSerializer):
    predecessor = UnitRefSerializer()
    successor = UnitRefSerializer()

    class Meta:
        model = UnitSuccession
        fields = ["predecessor", "successor", "kind", "effective_date", "legal_basis"]


class UnitDetailSerializer(UnitSerializer):
    """A unit with what it was before 1/7/2025 (`predecessors`) and what it became."""

    predecessors = SuccessionSerializer(many=True, read_only=True)
    successors = SuccessionSerializer(many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "predecessors", "successors"]


# ---- agencies ------------------------------------------------------------------------


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyAlias
        fields = ["alias", "kind"]


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "full_name", "unit"]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id", "full_name", "name", "abbreviation", "kind", "catalogue_code", "unit",
            "parent", "tags", "valid_from", "valid_to",
        ]  # fmt: skip


class AgencyDetailSerializer(AgencySerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    successors = AgencyRefSerializer(many=True, read_only=True)
    predecessors = serializers.SerializerMethodField()

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "note", "aliases", "successors", "predecessors"]

    def get_predecessors(self, obj) -> list[dict[str, Any]]:
        return [
            {"id": s.predecessor_id, "name": s.predecessor.full_name, "date": s.effective_date}
            for s in obj.successions_in.select_related("predecessor")
        ]


class ResolveInputSerializer(serializers.Serializer):
    phrase = serializers.CharField(max_length=2000)
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    on_date = serializers.DateField(required=False, allow_null=True)


class ResolutionSerializer(serializers.Serializer):
    phrase = serializers.CharField()
    agencies = AgencyRefSerializer(many=True)
    catalogue_codes = serializers.ListField(child=serializers.CharField())
    is_group = serializers.BooleanField()
    confidence = serializers.FloatField()
    method = serializers.CharField()
    message = serializers.CharField()
    steps = serializers.ListField(child=serializers.CharField())


# ---- plans ---------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id", "doc_number", "title", "kind", "status", "issued_date", "issuer_text",
            "issuer", "unit", "place_text", "period_start", "period_end", "report_deadline",
            "programme", "parent", "version", "updated_at",
        ]  # fmt: skip


class PlanDetailSerializer(PlanSerializer):
    """The plan and its full structure in the interchange format (DESIGN.md §5)."""

    content = serializers.SerializerMethodField()
    target_ids = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "content", "target_ids"]

    def get_content(self, obj) -> dict[str, Any]:
        from binhdang.plans.selectors import plan_content

        return plan_content(obj)

    def get_target_ids(self, obj) -> list[int]:
        return [t.pk for t in obj.targets.all()]


class PlanImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5_000_000)
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    kind = serializers.CharField(required=False, allow_blank=True, max_length=20)


class PlanImportSerializer(serializers.ModelSerializer):
    """The interchange preview of a document being imported (not a plan yet)."""

    preview = serializers.SerializerMethodField()

    class Meta:
        model = PlanImport
        fields = ["id", "filename", "status", "unit", "kind", "plan", "created_at", "preview"]

    def get_preview(self, obj) -> dict[str, Any]:
        return obj.content


class PlanImportCommitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    kind = serializers.CharField(required=False, allow_blank=True, max_length=20)
    content = serializers.JSONField(required=False)


# ---- reporting -----------------------------------------------------------------------


class RoundSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = ReportRound
        fields = [
            "id", "plan", "kind", "year", "quarter", "period", "title", "convention",
            "opens_on", "deadline", "data_start", "data_end", "final_requested_at",
            "final_due", "closed_at", "state",
        ]  # fmt: skip

    def get_state(self, obj) -> str:
        return obj.state()


class SubmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Submission
        fields = [
            "id", "round", "agency", "unit", "expected_as", "status", "version",
            "first_submitted_at", "submitted_at", "approved_at", "return_comment",
            "final_sent_at", "saved_at", "updated_at",
        ]  # fmt: skip


class SubmissionDetailSerializer(SubmissionSerializer):
    content = serializers.JSONField(read_only=True)

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "content"]


class SubmitInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    content = serializers.JSONField(required=False, allow_null=True)


class CommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000, allow_blank=True)


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, allow_blank=True)


class SubmitResultSerializer(serializers.Serializer):
    submission = SubmissionSerializer()
    ok = serializers.BooleanField()
    errors = serializers.JSONField()


class DataElementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataElement
        fields = ["id", "code", "name", "value_type", "disaggregation", "from_events"]


class DataValueSerializer(serializers.ModelSerializer):
    element = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DataValue
        fields = [
            "id", "element", "period", "agency", "unit", "sex", "target_group", "kind",
            "value", "submission", "comment", "updated_at",
        ]  # fmt: skip


class EventSerializer(serializers.ModelSerializer):
    """A communication event; `target_groups` as a list of codes."""

    target_groups = serializers.SerializerMethodField()

    class Meta:
        model = CommEvent
        fields = [
            "id", "agency", "unit", "date", "event_type", "channel", "title",
            "target_groups", "participants_male", "participants_female",
            "participants_total", "product", "quantity", "cost", "budget_source",
            "activity", "is_digital", "note", "created_at", "updated_at",
        ]  # fmt: skip

    def get_target_groups(self, obj) -> list[str]:
        from binhdang.reporting.groups import mask_to_groups

        return list(mask_to_groups(obj.target_groups))


class EventInputSerializer(serializers.Serializer):
    """What a client sends to record or change an event (checked again by the service)."""

    date = serializers.DateField()
    event_type = serializers.ChoiceField(choices=EventType.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    title = serializers.CharField(max_length=500)
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    target_groups = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False
    )
    participants_male = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2_000_000_000
    )
    participants_female = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2_000_000_000
    )
    participants_total = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2_000_000_000
    )
    product = serializers.CharField(required=False, allow_blank=True, max_length=200)
    quantity = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2_000_000_000
    )
    cost = serializers.DecimalField(
        required=False,
        allow_null=True,
        max_digits=16,
        decimal_places=0,
        min_value=Decimal(0),
    )
    budget_source = serializers.CharField(required=False, allow_blank=True, max_length=14)
    activity = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    is_digital = serializers.BooleanField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class EventBulkInputSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)
    rows = serializers.ListField(child=serializers.DictField(), required=False)


class BulkResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())
    error_count = serializers.IntegerField()


# ---- indicators and targets -----------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name", "definition", "numerator", "denominator", "formula",
            "measure", "direction", "cumulative", "data_source", "agency", "disaggregations",
            "frequency", "baseline_year", "is_active",
        ]  # fmt: skip


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "plan", "text", "order"]


class ProgressSerializer(serializers.Serializer):
    """A target's progress: the value, the traffic light, the milestones and the series."""

    target = TargetSerializer()
    year = serializers.IntegerField()
    unit = serializers.IntegerField(allow_null=True)
    indicator = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()
    baseline = serializers.JSONField(allow_null=True)
    next_milestone = serializers.JSONField(allow_null=True)
    milestones = serializers.JSONField()
    series = serializers.JSONField()
    missing = serializers.JSONField()
    note = serializers.CharField(allow_blank=True)


class ExplanationSerializer(serializers.Serializer):
    """Why the value is what it is: the formula in words, the data used, who did not report."""

    target = serializers.IntegerField()
    indicator = serializers.CharField(allow_null=True)
    year = serializers.IntegerField()
    unit = serializers.IntegerField(allow_null=True)
    formula = serializers.CharField(allow_blank=True)
    formula_words = serializers.CharField(allow_blank=True)
    steps = serializers.ListField(child=serializers.CharField())
    value = serializers.CharField(allow_null=True)
    rows = serializers.JSONField()
    missing = serializers.JSONField()
    notes = serializers.ListField(child=serializers.CharField())


# ---- registries -----------------------------------------------------------------------


class MediaAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = MediaAgency
        fields = [
            "id", "agency", "name", "kind", "unit", "managing_body", "is_active", "note",
        ]  # fmt: skip


class ConventionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Convention
        fields = [
            "id", "kind", "village_name", "village_kind", "unit", "adopted_on", "amended_on",
            "decision_ref", "status", "ended_on", "reviewed_on", "review_result",
            "discriminatory_found", "clauses_fixed", "fixed_on", "flagged_count", "note",
        ]  # fmt: skip


class ModelSiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelSite
        fields = [
            "id", "model_type", "type_other", "name", "unit", "lead_agency", "plan",
            "activity", "mode", "start_year", "end_year", "status", "members_female",
            "members_male", "note",
        ]  # fmt: skip


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = [
            "id", "kind", "date", "inspecting_agency", "inspected_agency", "unit", "subject",
            "plan", "findings", "violations_count", "violations", "recommendations",
            "follow_up_due", "follow_up_status", "follow_up_note", "document_ref",
        ]  # fmt: skip


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Award
        fields = [
            "id", "recipient_kind", "recipient_name", "recipient_agency", "unit", "sex",
            "award_form", "award_form_other", "awarding_body", "decision_number",
            "decision_date", "review", "year", "achievement",
        ]  # fmt: skip


# ---- tokens and the DHIS2 mapping -----------------------------------------------------


class TokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at",
            "is_active",
        ]  # fmt: skip


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class TokenCreatedSerializer(TokenSerializer):
    """The new token with its secret: shown this once, never again."""

    secret = serializers.CharField(read_only=True)

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "secret"]


class MappingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dhis2Mapping
        fields = ["id", "kind", "local", "uid", "code", "note"]


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.JSONField()


class ImportSummarySerializer(serializers.Serializer):
    """DHIS2's importSummary: what was (or, in a dry run, would be) imported."""

    responseType = serializers.CharField()
    status = serializers.CharField()
    dryRun = serializers.BooleanField()
    importCount = serializers.DictField(child=serializers.IntegerField())
    conflicts = serializers.ListField(child=serializers.DictField())
    description = serializers.CharField(allow_blank=True)
