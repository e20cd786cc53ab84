"""Machine tokens (`Authorization: Token <secret>` or `Bearer <secret>`) and the browser's
session (with CSRF, as DRF does it)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from binhdang.api.services import token_authenticate


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            secret = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        token = token_authenticate(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        return (token.user, token)

    def authenticate_header(self, request):
        # With a WWW-Authenticate header DRF answers 401 (not 403) to an anonymous call.
        return 'Token realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser (Swagger UI, htmx); unsafe methods need the CSRF token."""
