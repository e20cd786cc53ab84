"""The API's views: thin, over the same selectors (reads) and services (writes) as the
pages. Every queryset starts from `Model.objects.visible_to(request.user)` per request,
so an object outside the caller's scope is 404; a missing permission is 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.agencies.filters import AgencyFilterSet
from binhdang.agencies.models import Agency, AgencyAlias
from binhdang.api import serializers as s
from binhdang.api.exceptions import ApiError
from binhdang.api.filters import DataValueFilterSet, RoundFilterSet, SubmissionFilterSet
from binhdang.api.models import ApiToken, Dhis2Mapping
from binhdang.conventions.filters import ConventionFilterSet
from binhdang.geo.filters import UnitFilterSet
from binhdang.geo.models import AdministrativeUnit
from binhdang.indicators.models import Indicator
from binhdang.plans.filters import PlanFilterSet
from binhdang.plans.models import Plan, PlanImport, Target
from binhdang.registries.filters import AwardFilterSet, InspectionFilterSet, ModelSiteFilterSet
from binhdang.registries.models import Award, Inspection, ModelSite
from binhdang.reporting.models import CommEvent, DataElement, DataValue, ReportRound, Submission

VIEW_ROUND = "reporting.view_reportround"


def _accept_language(request) -> None:
    """An API client chooses English with `Accept-Language: en` (Vietnamese otherwise);
    the pages follow only the language switch (core.middleware.LocaleMiddleware)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if not header:
        return
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _q in parse_accept_lang_header(header):
        try:
            lang = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return


class ApiMixin:
    def initialize_request(self, request, *args, **kwargs):
        _accept_language(request)
        return super().initialize_request(request, *args, **kwargs)


class ScopedViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only over `visible_to(request.user)`; `permission_required` to read."""

    model: type | None = None
    permission_required: str | tuple[str, ...] | None = None
    related: tuple[str, ...] = ()

    def base_queryset(self):
        qs = self.model.objects.visible_to(self.request.user)  # type: ignore[union-attr]
        return qs.select_related(*self.related) if self.related else qs

    def get_queryset(self):
        return self.base_queryset()


def _int_param(request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    try:
        return int(value) if value != "" else None
    except ValueError:
        raise ApiError(
            _("%(name)s must be a whole number.") % {"name": name},
            errors={name: [_("A whole number.")]},
        ) from None


# ---- administrative units ----------------------------------------------------------------


@extend_schema(tags=["units"])
class UnitViewSet(ScopedViewSet):
    """Administrative units (2025 map and pre-2025), with predecessors and successors."""

    model = AdministrativeUnit
    permission_required = "geo.view_administrativeunit"
    filterset_class = UnitFilterSet
    ordering_fields = ["code", "name", "path"]
    ordering = ["path"]

    def get_serializer_class(self):
        return s.UnitDetailSerializer if self.action == "retrieve" else s.UnitSerializer

    def retrieve(self, request, *args, **kwargs):
        from binhdang.geo.selectors import unit_detail

        unit = self.get_object()
        detail = unit_detail(user=request.user, unit=unit)
        data = dict(s.UnitSerializer(unit).data)
        data["predecessors"] = s.SuccessionSerializer(detail.predecessors, many=True).data
        data["successors"] = s.SuccessionSerializer(detail.successors, many=True).data
        return Response(data)


# ---- agencies ----------------------------------------------------------------------------


@extend_schema(tags=["agencies"])
class AgencyViewSet(ScopedViewSet):
    """Agencies with their other names and successions; `resolve` reads a phrase."""

    model = Agency
    permission_required = "agencies.view_agency"
    filterset_class = AgencyFilterSet
    ordering_fields = ["name", "full_name", "id"]
    ordering = ["id"]

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("aliases", queryset=AgencyAlias.objects.order_by("alias")), "successors"
            )
        return qs

    def get_serializer_class(self):
        return s.AgencyDetailSerializer if self.action == "retrieve" else s.AgencySerializer

    @extend_schema(request=s.ResolveInputSerializer, responses=s.ResolutionSerializer(many=True))
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def resolve(self, request):
        """Which registry agencies a phrase from a plan names ("các sở, ban, ngành…")."""
        from binhdang.agencies.resolver import resolve_agency_phrase, split_agency_list

        data = _valid(s.ResolveInputSerializer, request.data)
        unit = None
        if data.get("unit"):
            unit = (
                AdministrativeUnit.objects.visible_to(request.user).filter(pk=data["unit"]).first()
            )
            if unit is None:
                raise ApiError(
                    _("This unit is outside your scope."),
                    errors={"unit": [_("This unit is outside your scope.")]},
                )
        phrase = data["phrase"]
        phrases = split_agency_list(phrase, unit=unit) or [phrase]
        visible = Agency.objects.visible_to(request.user)
        out = []
        for one in phrases:
            result = resolve_agency_phrase(one, unit=unit, on_date=data.get("on_date"))
            ids = [a.pk for a in result.agencies]
            allowed = set(visible.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
            result.agencies = [a for a in result.agencies if a.pk in allowed]
            out.append(result)
        return Response(s.ResolutionSerializer(out, many=True).data)


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ---- plans -------------------------------------------------------------------------------


@extend_schema(tags=["plans"])
class PlanViewSet(ScopedViewSet):
    """Plans; one plan is its full structure in the interchange format."""

    model = Plan
    permission_required = "plans.view_plan"
    filterset_class = PlanFilterSet
    ordering_fields = ["id", "title", "issued_date", "period_start"]
    ordering = ["-id"]

    def get_queryset(self):
        from binhdang.plans.selectors import plan_detail_queryset

        if self.action == "retrieve":
            return plan_detail_queryset(user=self.request.user)
        return Plan.objects.visible_to(self.request.user).defer("source_text")

    def get_serializer_class(self):
        return s.PlanDetailSerializer if self.action == "retrieve" else s.PlanSerializer


@extend_schema(tags=["plans"])
class PlanImportViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Import a plan document: POST it (file or text) to get the interchange preview,
    check it, then `commit` saves it as the plan of record (with the reviewed content)."""

    serializer_class = s.PlanImportSerializer
    permission_required = "plans.add_plan"
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return PlanImport.objects.visible_to(self.request.user)

    def _unit(self, unit_id):
        if not unit_id:
            return None
        unit = AdministrativeUnit.objects.visible_to(self.request.user).filter(pk=unit_id).first()
        if unit is None:
            raise ApiError(
                _("This unit is outside your scope."),
                errors={"unit": [_("This unit is outside your scope.")]},
            )
        return unit

    @extend_schema(request=s.PlanImportInputSerializer, responses={201: s.PlanImportSerializer})
    def create(self, request):
        from binhdang.plans.services import plan_import_start

        data = _valid(s.PlanImportInputSerializer, request.data)
        upload = data.get("file")
        plan_import = plan_import_start(
            actor=request.user,
            filename=upload.name if upload else "",
            data=upload.read() if upload else None,
            text=data.get("text"),
            unit=self._unit(data.get("unit")),
            kind=data.get("kind") or "",
        )
        return Response(s.PlanImportSerializer(plan_import).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanImportCommitSerializer, responses={201: s.PlanDetailSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        from binhdang.plans.selectors import plan_detail_queryset
        from binhdang.plans.services import plan_import_commit, plan_import_review_save

        plan_import = self.get_object()
        data = _valid(s.PlanImportCommitSerializer, request.data)
        unit = self._unit(data.get("unit"))
        if isinstance(data.get("content"), dict):
            plan_import_review_save(plan_import=plan_import, content=data["content"])
        plan = plan_import_commit(
            plan_import_id=plan_import.pk,
            actor=request.user,
            unit=unit,
            kind=data.get("kind") if data.get("kind") is not None else None,
        )
        plan = plan_detail_queryset(user=request.user).get(pk=plan.pk)
        return Response(s.PlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED)


# ---- report rounds and submissions -------------------------------------------------------


@extend_schema(tags=["reporting"])
class RoundViewSet(ScopedViewSet):
    model = ReportRound
    permission_required = VIEW_ROUND
    serializer_class = s.RoundSerializer
    filterset_class = RoundFilterSet
    ordering_fields = ["id", "year", "deadline"]
    ordering = ["-year", "id"]


@extend_schema(tags=["reporting"])
class SubmissionViewSet(ScopedViewSet):
    """Reports (read). Writes only through the workflow actions, as on the pages."""

    model = Submission
    permission_required = "reporting.view_submission"
    action_permissions = {
        "submit": "reporting.change_submission",
        "return_": "reporting.review_submission",
        "approve": "reporting.review_submission",
        "unlock": "reporting.review_submission",
    }
    filterset_class = SubmissionFilterSet
    ordering_fields = ["id", "status", "submitted_at"]
    ordering = ["id"]

    def get_serializer_class(self):
        return s.SubmissionDetailSerializer if self.action == "retrieve" else s.SubmissionSerializer

    @extend_schema(request=s.SubmitInputSerializer, responses=s.SubmitResultSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the report (the stored draft, or `content`); `version` is the one you read."""
        from binhdang.reporting.services import submission_submit

        submission = self.get_object()
        data = _valid(s.SubmitInputSerializer, request.data)
        content = data.get("content")
        if content is not None and not isinstance(content, dict):
            raise ApiError(_("content must be an object."), errors={"content": [_("An object.")]})
        result = submission_submit(
            submission=submission, content=content, version=data["version"], actor=request.user
        )
        body = {
            "submission": s.SubmissionSerializer(result.submission).data,
            "ok": result.checked.ok,
            "errors": _checked_errors(result.checked),
        }
        if not result.checked.ok:
            raise ApiError(
                _("The report has errors: correct them and send it again."),
                code="invalid_report",
                errors=body["errors"],
            )
        return Response(body)

    @extend_schema(request=s.CommentInputSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return the report to its agency with what must be corrected."""
        from binhdang.reporting.services import submission_return

        submission = self.get_object()
        data = _valid(s.CommentInputSerializer, request.data)
        sub = submission_return(submission=submission, comment=data["comment"], actor=request.user)
        return Response(s.SubmissionSerializer(sub).data)

    @extend_schema(request=None, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve and lock the report."""
        from binhdang.reporting.services import submission_approve

        sub = submission_approve(submission=self.get_object(), actor=request.user)
        return Response(s.SubmissionSerializer(sub).data)

    @extend_schema(request=s.ReasonInputSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        """Reopen an approved report for correction (the reason is kept)."""
        from binhdang.reporting.services import submission_unlock

        submission = self.get_object()
        data = _valid(s.ReasonInputSerializer, request.data)
        sub = submission_unlock(submission=submission, reason=data["reason"], actor=request.user)
        return Response(s.SubmissionSerializer(sub).data)


def _checked_errors(checked) -> dict:
    errors = getattr(checked, "errors", None) or {}
    if isinstance(errors, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list | tuple) else [v])]
            for k, v in errors.items()
        }
    return {"non_field_errors": [str(e) for e in errors]}


# ---- communication events ----------------------------------------------------------------

EVENT_FILTERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=desc)
    for name, desc in (
        ("date_from", "ISO date or dd/mm/yyyy"),
        ("date_to", "ISO date or dd/mm/yyyy"),
        ("year", "a year"),
        ("event_type", "an event type code"),
        ("channel", "a channel code"),
        ("unit", "a unit id: the unit and every unit below it"),
        ("agency", "an agency id"),
        ("activity", "a plan activity id"),
        ("batch", "an import batch id"),
        ("q", "words of the title, product or note"),
    )
]


@extend_schema(tags=["events"])
@extend_schema(methods=["GET"], parameters=EVENT_FILTERS)
class EventViewSet(ApiMixin, viewsets.ModelViewSet):
    """Communication events: list (the page's filters), record, change, delete, bulk."""

    serializer_class = s.EventSerializer
    permission_required = "reporting.view_commevent"
    action_permissions = {
        "create": "reporting.add_commevent",
        "update": "reporting.change_commevent",
        "partial_update": "reporting.change_commevent",
        "destroy": "reporting.delete_commevent",
        "bulk": "reporting.add_commevent",
    }
    filter_backends: list = []
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        from binhdang.reporting.event_selectors import event_list

        if self.action == "list":
            return event_list(user=self.request.user, filters=self.request.query_params)
        return CommEvent.objects.visible_to(self.request.user).select_related("agency", "unit")

    def _fields(self, data, partial: bool):
        from binhdang.plans.models import Activity

        fields = dict(data)
        if "unit" in fields:
            unit_id = fields["unit"]
            fields["unit"] = (
                AdministrativeUnit.objects.filter(pk=unit_id).first() if unit_id else None
            )
            if unit_id and fields["unit"] is None:
                raise ApiError(_("Unknown unit."), errors={"unit": [_("Unknown unit.")]})
        if "activity" in fields:
            activity_id = fields["activity"]
            fields["activity"] = (
                Activity.objects.filter(pk=activity_id).first() if activity_id else None
            )
            if activity_id and fields["activity"] is None:
                raise ApiError(
                    _("Unknown activity."), errors={"activity": [_("Unknown activity.")]}
                )
        if "target_groups" in fields:
            fields["target_groups"] = list(fields["target_groups"] or [])
        return fields

    @extend_schema(request=s.EventInputSerializer, responses={201: s.EventSerializer})
    def create(self, request, *args, **kwargs):
        from binhdang.reporting.event_services import event_create

        agency = getattr(request.user, "agency", None)
        if agency is None:
            raise PermissionDenied(_("Your account belongs to no agency: it cannot record events."))
        data = _valid(s.EventInputSerializer, request.data)
        event = event_create(actor=request.user, agency=agency, **self._fields(data, False))
        return Response(s.EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EventInputSerializer, responses=s.EventSerializer)
    def update(self, request, *args, **kwargs):
        from binhdang.reporting.event_services import event_update

        partial = kwargs.pop("partial", False)
        event = self.get_object()
        serializer = s.EventInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        event = event_update(
            actor=request.user, event=event, **self._fields(serializer.validated_data, partial)
        )
        return Response(s.EventSerializer(event).data)

    @extend_schema(request=s.EventInputSerializer, responses=s.EventSerializer)
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        from binhdang.reporting.event_services import event_delete

        event_delete(actor=request.user, event=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={
            "multipart/form-data": s.EventBulkInputSerializer,
            "application/json": s.EventBulkInputSerializer,
        },
        responses={200: s.BulkResultSerializer, 400: s.ErrorSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, JSONParser])
    def bulk(self, request):
        """Many events at once: a CSV/XLSX file (the page's template) or JSON `rows`.
        All or nothing: one wrong row refuses the file, with every error by row."""
        from binhdang.reporting.event_import import events_import, events_import_rows

        agency = getattr(request.user, "agency", None)
        if agency is None:
            raise PermissionDenied(_("Your account belongs to no agency: it cannot record events."))
        upload = request.data.get("file") if hasattr(request.data, "get") else None
        if upload is not None and hasattr(upload, "read"):
            result = events_import(
                actor=request.user, agency=agency, file_name=upload.name, data=upload.read()
            )
        else:
            rows = request.data.get("rows") if isinstance(request.data, dict) else None
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise ApiError(
                    _("Send a file (CSV or XLSX) or a list of rows."),
                    errors={"rows": [_("A list of objects.")]},
                )
            result = events_import_rows(
                actor=request.user, agency=agency, rows=rows, file_name="api"
            )
        errors = [
            {"row": e.row, "column": e.column, "message": str(e.message), "value": e.value}
            for e in result.errors
        ]
        if not result.ok:
            raise ApiError(
                str(result.problem) or _("The file was refused: correct the rows listed."),
                code="import_refused",
                errors={
                    "rows": errors,
                    "error_count": result.error_count,
                    "rows_with_errors": result.rows_with_errors,
                },
            )
        return Response(
            {
                "ok": True,
                "rows": result.rows,
                "created": result.created,
                "errors": [],
                "error_count": 0,
            }
        )


# ---- figures -------------------------------------------------------------------------------


@extend_schema(tags=["figures"])
class DataElementViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """What is counted (DHIS2 data elements)."""

    serializer_class = s.DataElementSerializer
    permission_required = VIEW_ROUND
    filter_backends: list = []
    queryset = DataElement.objects.all()


@extend_schema(tags=["figures"])
class DataValueViewSet(ScopedViewSet):
    """Figures: element × sex / target group × agency × period × kind, in scope."""

    model = DataValue
    permission_required = VIEW_ROUND
    serializer_class = s.DataValueSerializer
    filterset_class = DataValueFilterSet
    related = ("element",)
    ordering_fields = ["id", "period", "updated_at"]
    ordering = ["id"]


# ---- indicators and target progress -----------------------------------------------------


@extend_schema(tags=["progress"])
class IndicatorViewSet(ScopedViewSet):
    model = Indicator
    permission_required = "indicators.view_indicator"
    serializer_class = s.IndicatorSerializer
    filter_backends: list = []

    def get_queryset(self):
        from binhdang.indicators.selectors import indicator_list

        return indicator_list(user=self.request.user).order_by("order", "pk")


PROGRESS_PARAMS = [
    OpenApiParameter(
        "year", OpenApiTypes.INT, description="the year evaluated (default: this year)"
    ),
    OpenApiParameter("unit", OpenApiTypes.INT, description="an area inside the plan's (a unit id)"),
]


@extend_schema(tags=["progress"])
class TargetViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Targets of the visible plans; `progress` (value and status) and `why`."""

    serializer_class = s.TargetSerializer
    permission_required = "indicators.view_indicator"
    filter_backends: list = []

    def get_queryset(self):
        qs = Target.objects.filter(plan__in=Plan.objects.visible_to(self.request.user))
        plan = self.request.query_params.get("plan")
        if plan and plan.isdigit():
            qs = qs.filter(plan_id=int(plan))
        return qs.order_by("plan_id", "order", "pk")

    @extend_schema(parameters=[OpenApiParameter("plan", OpenApiTypes.INT, description="a plan id")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _args(self, request):
        year = _int_param(request, "year") or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise ApiError(
                _("The year must be between 2000 and 2100."), errors={"year": [_("Out of range.")]}
            )
        unit_id = _int_param(request, "unit")
        unit = None
        if unit_id is not None:
            unit = AdministrativeUnit.objects.visible_to(request.user).filter(pk=unit_id).first()
            if unit is None:
                raise PermissionDenied(_("This area is outside your scope."))
        return year, unit

    @extend_schema(parameters=PROGRESS_PARAMS, responses=s.ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """The value, the traffic light of the next milestone, the milestones, the series."""
        from binhdang.api.progress import progress_body
        from binhdang.indicators.selectors import target_progress

        target = self.get_object()
        year, unit = self._args(request)
        progress = target_progress(target=target, unit=unit, year=year, user=request.user)
        return Response(progress_body(progress))

    @extend_schema(parameters=PROGRESS_PARAMS, responses=s.ExplanationSerializer)
    @action(detail=True, methods=["get"])
    def why(self, request, pk=None):
        """Why the value is what it is: formula in words, data used, who did not report."""
        from binhdang.api.progress import explanation_body
        from binhdang.indicators.selectors import explain

        target = self.get_object()
        year, unit = self._args(request)
        return Response(
            explanation_body(explain(target=target, year=year, unit=unit, user=request.user))
        )


# ---- registries ----------------------------------------------------------------------------

MEDIA_FILTERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=desc)
    for name, desc in (
        ("q", "words of the name or managing body"),
        ("province", "a unit id"),
        ("commune", "a unit id"),
        ("kind", "a media kind code"),
        ("year", "the year of the adoption status"),
        ("status", "none, pilot, official or applying"),
        ("active", "'' (active), 'no' or 'all'"),
    )
]


@extend_schema(tags=["registries"])
@extend_schema(methods=["GET"], parameters=MEDIA_FILTERS)
class MediaAgencyViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MediaAgencySerializer
    permission_required = "media.view_mediaagency"
    filter_backends: list = []

    def get_queryset(self):
        from binhdang.media.models import MediaAgency
        from binhdang.media.selectors import media_list

        if self.action == "list":
            return media_list(user=self.request.user, filters=self.request.query_params)
        return MediaAgency.objects.visible_to(self.request.user)


@extend_schema(tags=["registries"])
class ConventionViewSet(ScopedViewSet):
    permission_required = "conventions.view_convention"
    serializer_class = s.ConventionSerializer
    filterset_class = ConventionFilterSet

    def get_queryset(self):
        from binhdang.conventions.selectors import convention_list

        return convention_list(user=self.request.user)


@extend_schema(tags=["registries"])
class ModelSiteViewSet(ScopedViewSet):
    model = ModelSite
    permission_required = "registries.view_modelsite"
    serializer_class = s.ModelSiteSerializer
    filterset_class = ModelSiteFilterSet
    ordering = ["id"]


@extend_schema(tags=["registries"])
class InspectionViewSet(ScopedViewSet):
    model = Inspection
    permission_required = "registries.view_inspection"
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering = ["id"]


@extend_schema(tags=["registries"])
class AwardViewSet(ScopedViewSet):
    model = Award
    permission_required = "registries.view_award"
    serializer_class = s.AwardSerializer
    filterset_class = AwardFilterSet
    ordering = ["id"]


# ---- tokens --------------------------------------------------------------------------------


@extend_schema(tags=["tokens"])
class TokenViewSet(ApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your own machine tokens: list, make one (its secret is shown once), revoke."""

    serializer_class = s.TokenSerializer
    permission_required = None
    filter_backends: list = []

    def get_queryset(self):
        return ApiToken.objects.visible_to(self.request.user)

    @extend_schema(request=s.TokenCreateSerializer, responses={201: s.TokenCreatedSerializer})
    def create(self, request):
        from binhdang.api.services import token_create

        if request.auth is not None and isinstance(request.auth, ApiToken):
            raise PermissionDenied(_("Tokens are made while signed in, not with another token."))
        data = _valid(s.TokenCreateSerializer, request.data)
        token, secret = token_create(
            actor=request.user, name=data["name"], expires_at=data.get("expires_at")
        )
        token.secret = secret
        return Response(s.TokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.TokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        from binhdang.api.services import token_revoke

        token = token_revoke(actor=request.user, token=self.get_object())
        return Response(s.TokenSerializer(token).data)


# ---- DHIS2 ---------------------------------------------------------------------------------

EXPORT_PARAMS = [
    OpenApiParameter(
        "unit",
        OpenApiTypes.INT,
        description="an area (unit id): it, its children and the pre-2025 units inside it",
    ),
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        many=True,
        description="binhdang or DHIS2 period codes (2025, 2025Q4, 2025AM / 202511)",
    ),
    OpenApiParameter("startDate", OpenApiTypes.DATE, description="from this year"),
    OpenApiParameter("endDate", OpenApiTypes.DATE, description="to this year"),
    OpenApiParameter(
        "dataElement",
        OpenApiTypes.STR,
        many=True,
        description="data element codes (or mapped UIDs/codes)",
    ),
    OpenApiParameter(
        "orgUnit",
        OpenApiTypes.STR,
        many=True,
        description="reporting agencies (AG<id> or mapped codes)",
    ),
    OpenApiParameter("plan", OpenApiTypes.INT, description="one plan's figures"),
    OpenApiParameter(
        "idScheme",
        OpenApiTypes.STR,
        enum=["code", "uid"],
        description="identifiers out: codes (default) or UIDs from the mapping table",
    ),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "csv", "adx"],
        description="json (default), csv or adx (or say it in Accept)",
    ),
]
IMPORT_PARAMS = [
    OpenApiParameter(
        "dryRun", OpenApiTypes.BOOL, description="report what would change, save nothing"
    ),
    OpenApiParameter(
        "atomicMode",
        OpenApiTypes.STR,
        enum=["ALL", "NONE"],
        description="ALL (default): a file with any conflict saves nothing; NONE: save the rows that fit",
    ),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "csv", "adx", "xlsx"],
        description="the body's format when its Content-Type does not say",
    ),
]

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "application/csv",
    "adx": "application/adx+xml",
}


class RawBodyParser(BaseParser):
    """Keeps the body as bytes: the DHIS2 readers parse it themselves."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


@extend_schema(tags=["dhis2"])
class DataValueSetsView(ApiMixin, APIView):
    """DHIS2 `dataValueSets`: GET exports the figures in scope (JSON, CSV or ADX); POST
    imports them (`dryRun=true` first: imported / updated / ignored and the conflicts)."""

    permission_required = VIEW_ROUND
    action_permissions = {"post": ("reporting.view_reportround", "api.import_datavalues")}
    parser_classes = [RawBodyParser]

    def perform_content_negotiation(self, request, force=False):
        # The body's format is chosen below (?format=, the path's suffix or Accept);
        # errors are JSON whatever was asked.
        from rest_framework.renderers import JSONRenderer

        return (JSONRenderer(), "application/json")

    def initial(self, request, *args, **kwargs):
        self.action = request.method.lower()
        super().initial(request, *args, **kwargs)

    def _format(self, request, allowed) -> str:
        fmt = (self.kwargs.get("ext") or request.query_params.get("format") or "").lower()
        if not fmt:
            header = request.META.get(
                "CONTENT_TYPE" if request.method == "POST" else "HTTP_ACCEPT", ""
            )
            header = header.lower()
            if "csv" in header:
                fmt = "csv"
            elif "xml" in header:
                fmt = "adx"
            elif "spreadsheet" in header:
                fmt = "xlsx"
            else:
                fmt = "json"
        if fmt not in allowed:
            raise ApiError(
                _("Unknown format: %(f)s.") % {"f": fmt},
                errors={"format": [", ".join(allowed)]},
            )
        return fmt

    @extend_schema(
        parameters=EXPORT_PARAMS,
        responses={
            (200, "application/json"): inline_serializer(
                "DataValueSet",
                {
                    "dataValues": serializers.ListField(child=serializers.DictField()),
                },
            ),
            (200, "application/csv"): OpenApiTypes.STR,
            (200, "application/adx+xml"): OpenApiTypes.STR,
        },
    )
    def get(self, request, ext=None):
        from binhdang.api.dhis2 import formats
        from binhdang.api.dhis2.mapping import Mapper
        from binhdang.api.dhis2.models import MappingKind as K
        from binhdang.api.dhis2.services import (
            ExportQuery,
            adx_groups,
            data_value_rows,
            unit_for_export,
        )

        fmt = self._format(request, ("json", "csv", "adx"))
        id_scheme = (request.query_params.get("idScheme") or "code").lower()
        if id_scheme not in ("code", "uid"):
            raise ApiError(_("idScheme is code or uid."), errors={"idScheme": ["code", "uid"]})
        mapper = Mapper.load(id_scheme)
        query = ExportQuery(
            unit=unit_for_export(user=request.user, unit_id=_int_param(request, "unit"))
        )
        query.plan = _int_param(request, "plan")
        for value in request.query_params.getlist("period"):
            local = mapper.to_local(K.PERIOD, value)
            query.periods.append(local or value)
        for name, attr in (("startDate", "start_year"), ("endDate", "end_year")):
            value = request.query_params.get(name)
            if value:
                try:
                    setattr(query, attr, int(value[:4]))
                except ValueError:
                    raise ApiError(
                        _("%(name)s must be a date.") % {"name": name},
                        errors={name: [_("A date (YYYY-MM-DD).")]},
                    ) from None
        for value in request.query_params.getlist("dataElement"):
            query.elements.append(mapper.to_local(K.DATA_ELEMENT, value) or value)
        for value in request.query_params.getlist("orgUnit"):
            local = mapper.to_local(K.ORG_UNIT, value) or ""
            query.agencies.append(int(local[7:]) if local[7:].isdigit() else 0)
        if fmt == "adx":
            body = formats.write_adx(
                adx_groups(user=request.user, query=query, mapper=mapper),
                exported=timezone.now().isoformat(timespec="seconds"),
            )
        else:
            rows = data_value_rows(user=request.user, query=query, mapper=mapper)
            body = formats.write_csv(rows) if fmt == "csv" else formats.write_json(rows)
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt] + "; charset=utf-8")
        if fmt != "json":
            ext = "xml" if fmt == "adx" else fmt
            response["Content-Disposition"] = f'attachment; filename="dataValueSets.{ext}"'
        return response

    @extend_schema(
        parameters=IMPORT_PARAMS,
        request={
            "application/json": OpenApiTypes.OBJECT,
            "application/csv": OpenApiTypes.STR,
            "application/adx+xml": OpenApiTypes.STR,
        },
        responses={200: s.ImportSummarySerializer},
    )
    def post(self, request, ext=None):
        from binhdang.api.dhis2 import formats
        from binhdang.api.dhis2.services import data_values_import

        fmt = self._format(request, ("json", "csv", "adx", "xlsx"))
        data = request.data if isinstance(request.data, bytes) else b""
        dry_run = (request.query_params.get("dryRun") or "").lower() in ("true", "1", "yes")
        reader = {
            "json": formats.read_json,
            "csv": formats.read_csv,
            "adx": formats.read_adx,
            "xlsx": formats.read_xlsx,
        }[fmt]
        try:
            rows = list(reader(data))
        except formats.FormatError:
            raise ApiError(
                _("The body cannot be read as %(f)s.") % {"f": fmt.upper()}, code="parse_error"
            ) from None
        atomic_mode = (request.query_params.get("atomicMode") or "ALL").upper()
        if atomic_mode not in ("ALL", "NONE"):
            raise ApiError(_("atomicMode is ALL or NONE."), errors={"atomicMode": ["ALL", "NONE"]})
        summary = data_values_import(
            actor=request.user,
            rows=rows,
            dry_run=dry_run,
            atomic=atomic_mode == "ALL",
            source=f"api:{fmt}",
        )
        return Response(summary.as_dict())


@extend_schema(tags=["dhis2"])
class MappingViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """The mapping table between binhdang's codes and DHIS2 UIDs/codes (edited in the admin)."""

    serializer_class = s.MappingSerializer
    permission_required = VIEW_ROUND
    filter_backends: list = []
    queryset = Dhis2Mapping.objects.all()
