"""Request id for grouping the audit entries of one user action; the interface language."""

import uuid
from contextvars import ContextVar

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

_request_id: ContextVar[str | None] = ContextVar("binhdang_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_id.set(str(uuid.uuid4()))
        try:
            return self.get_response(request)
        finally:
            _request_id.reset(token)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Vietnamese unless the person picked another language with the language switch.

    Django's own middleware follows the browser's Accept-Language header first; many
    office computers in Vietnam run an English browser, and the product is Vietnamese
    first. So only the language cookie (set by /i18n/setlang/) counts, then LANGUAGE_CODE.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        try:
            code = translation.get_supported_language_variant(code)
        except LookupError:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
