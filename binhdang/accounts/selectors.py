from django.db.models import QuerySet

from binhdang.accounts.models import User
from binhdang.accounts.scope import scope_for


def user_list(*, user) -> QuerySet[User]:
    """People whose agency lies in `user`'s scope."""
    scope = scope_for(user)
    qs = User.objects.select_related("agency", "agency__unit")
    if scope.everything:
        return qs
    if scope.nothing:
        return qs.none()
    return qs.filter(scope.unit_q("agency__unit__"))
