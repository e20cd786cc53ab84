"""The audit-action registry and the one function services call to record an action.

Action names are namespaced `"<app>.<model>.<past-tense verb>"` and registered with a
human label (Wagtail's log-action registry), so the history page can say in Vietnamese
what happened and an unregistered action is a programming error, caught in tests.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise

from binhdang.core.middleware import current_request_id
from binhdang.core.models import AuditEntry

_REGISTRY: dict[str, Promise | str] = {}


def register_action(name: str, label: Promise | str) -> None:
    _REGISTRY[name] = label


def is_registered(name: str) -> bool:
    return name in _REGISTRY


def action_label(name: str) -> Promise | str:
    return _REGISTRY.get(name, name)


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the service's transaction."""
    if action not in _REGISTRY:
        raise ValueError(f"Unregistered audit action: {action}")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else "system"),
        action=action,
        data=data or {},
        request_id=current_request_id() or "",
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_label = str(obj)[:300]
    entry.save()
    return entry
