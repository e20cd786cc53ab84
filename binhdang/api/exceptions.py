"""One error body for every API error:

    {"code": "not_found", "message": "Không tìm thấy.", "errors": {}}

`code` is a stable machine code; `message` is in Vietnamese, or English when the request
says `Accept-Language: en`; `errors` maps a field (or `non_field_errors`, or a row
number for imports) to its messages.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback


class ApiError(exceptions.APIException):
    """An error a view raises with its own code, message and details."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        status_code: int = status.HTTP_400_BAD_REQUEST,
        errors: dict[str, Any] | None = None,
    ):
        super().__init__(message, code)
        self.status_code = status_code
        self.error_code = code
        self.errors = errors or {}


def error_body(code: str, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "errors": errors or {}}


def _messages(detail: Any) -> Any:
    """DRF's ErrorDetail tree as plain strings."""
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_messages(v) for v in detail]
    return str(detail)


def _from_django(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()
        }
    return {"non_field_errors": list(exc.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    from binhdang.reporting.services import EditConflict

    headers: dict[str, str] = {}
    errors: dict[str, Any] = {}
    if isinstance(exc, ApiError):
        code, message, status_code, errors = (
            exc.error_code,
            str(exc.detail),
            exc.status_code,
            exc.errors,
        )
    elif isinstance(exc, DjangoValidationError):
        errors = _from_django(exc)
        code, status_code = "invalid", status.HTTP_400_BAD_REQUEST
        message = _first(errors) or _("The request is not valid.")
    elif isinstance(exc, OverflowError):
        # A number too large for the database (?page_size=…, ?year=…): the request's fault.
        code, status_code = "invalid", status.HTTP_400_BAD_REQUEST
        message = _("A number in the request is too large.")
    elif isinstance(exc, EditConflict):
        code, message, status_code = "conflict", str(exc), status.HTTP_409_CONFLICT
    elif isinstance(exc, Http404):
        code, message, status_code = "not_found", _("Not found."), status.HTTP_404_NOT_FOUND
    elif isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        code, status_code = "permission_denied", status.HTTP_403_FORBIDDEN
        if isinstance(exc, exceptions.PermissionDenied):
            text = str(exc.detail)
        else:
            text = str(exc.args[0]) if exc.args else ""
        default = str(exceptions.PermissionDenied.default_detail)
        message = text if text and text != default else _("You may not do this.")
    elif isinstance(exc, exceptions.NotAuthenticated):
        code, status_code = "not_authenticated", status.HTTP_401_UNAUTHORIZED
        message = _("Sign in or send a token: Authorization: Token <secret>.")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        code, status_code = "authentication_failed", status.HTTP_401_UNAUTHORIZED
        message = str(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        code, status_code = "throttled", status.HTTP_429_TOO_MANY_REQUESTS
        message = _("Too many requests: wait %(s)s seconds.") % {"s": int(exc.wait or 1)}
        if exc.wait:
            headers["Retry-After"] = str(int(exc.wait))
    elif isinstance(exc, exceptions.ValidationError):
        code, status_code = "invalid", status.HTTP_400_BAD_REQUEST
        detail = as_serializer_error(exc)
        errors = _messages(detail)
        message = _first(errors) or _("The request is not valid.")
    elif isinstance(exc, exceptions.MethodNotAllowed):
        code, status_code = "method_not_allowed", status.HTTP_405_METHOD_NOT_ALLOWED
        message = _("This method is not allowed here.")
    elif isinstance(exc, exceptions.NotAcceptable):
        code, status_code = "not_acceptable", status.HTTP_406_NOT_ACCEPTABLE
        message = _("This response format is not available.")
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        code, status_code = "unsupported_media_type", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
        message = _("This request format is not supported.")
    elif isinstance(exc, exceptions.ParseError):
        code, status_code = "parse_error", status.HTTP_400_BAD_REQUEST
        message = _("The request body could not be read.")
    elif isinstance(exc, exceptions.APIException):
        code = str(exc.default_code)
        status_code = exc.status_code
        message = str(exc.detail) if isinstance(exc.detail, str) else _("Request failed.")
    else:
        return None
    if isinstance(exc, exceptions.APIException):
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
    if status_code == status.HTTP_401_UNAUTHORIZED:
        view = context.get("view")
        request = context.get("request")
        if view is not None and request is not None:
            header = view.get_authenticate_header(request)
            if header:
                headers["WWW-Authenticate"] = header
    set_rollback()
    return Response(error_body(code, message, errors), status=status_code, headers=headers)


def _first(errors: Any) -> str:
    """The first message of an error tree (the summary line)."""
    if isinstance(errors, dict):
        for value in errors.values():
            found = _first(value)
            if found:
                return found
        return ""
    if isinstance(errors, list):
        for value in errors:
            found = _first(value)
            if found:
                return found
        return ""
    return str(errors)
