"""Request id for grouping the audit entries of one user action."""

import uuid
from contextvars import ContextVar

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
