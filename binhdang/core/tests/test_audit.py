import pytest
from django.core.exceptions import ValidationError

from binhdang.core.audit import audit_log, register_action
from binhdang.core.models import AuditEntry


@pytest.mark.django_db
def test_audit_log_records_actor_action_and_object(roles, django_user_model):
    user = django_user_model.objects.create_user("u1", password="x")
    entry = audit_log(actor=user, action="accounts.user.updated", obj=user, data={"a": 1})
    entry.refresh_from_db()
    assert entry.actor == user
    assert entry.actor_name == "u1"
    assert entry.object_id == str(user.pk)
    assert entry.object_label == str(user)
    assert entry.data == {"a": 1}


@pytest.mark.django_db
def test_unregistered_action_is_refused():
    with pytest.raises(ValueError, match="Unregistered"):
        audit_log(actor=None, action="nobody.knows.this", data={})
    assert AuditEntry.objects.count() == 0
    entry = AuditEntry(action="nobody.knows.this")
    with pytest.raises(ValidationError):
        entry.full_clean()


@pytest.mark.django_db
def test_system_actor_is_named_system():
    register_action("core.test.done", "test")
    entry = audit_log(actor=None, action="core.test.done")
    assert entry.actor is None
    assert entry.actor_name == "system"
