"""Writes of the api app: machine tokens (made, revoked), with audit entries."""

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.api.models import ApiToken
from binhdang.core.audit import audit_log

TOKEN_PREFIX = "bd_"
MAX_ACTIVE_TOKENS = 20


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Make a token for the actor. Returns the token and its secret (shown once, never kept)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name (what program will use it).")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry date must be in the future.")]
    if ApiToken.objects.filter(user=actor).usable().count() >= MAX_ACTIVE_TOKENS:
        errors["name"] = [_("You have too many active tokens: revoke one first.")]
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor,
        name=name[:100],
        prefix=secret[:10],
        key_hash=token_hash(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_log(
        actor=actor,
        action="api.token.created",
        obj=token,
        data={"name": token.name, "expires_at": expires_at.isoformat() if expires_at else None},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens (a second revoke changes nothing)."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("You may only revoke your own tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="api.token.revoked", obj=token, data={"name": token.name})
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The usable token with this secret, its last use noted (at most once a minute)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user", "user__agency__unit")
        .filter(key_hash=token_hash(secret))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
