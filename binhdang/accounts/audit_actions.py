from django.utils.translation import gettext_lazy as _

from binhdang.core.audit import register_action

register_action("accounts.user.created", _("User created"))
register_action("accounts.user.updated", _("User updated"))
register_action("accounts.user.password_changed", _("Password changed"))
register_action("accounts.user.logged_in", _("Signed in"))
register_action("accounts.roles.synced", _("Roles and permissions synchronised"))
register_action("accounts.demo.loaded", _("Demo users loaded"))
