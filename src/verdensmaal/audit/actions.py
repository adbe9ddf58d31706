"""Audit action codes: stable, namespaced data (``network.invoice.issued``) with a label that is
translated when it is shown (pretix's ``log_action`` keeps codes the same way).

Each app names its codes once, in its ``audit_actions.py``::

    INVOICE_ISSUED = AuditAction("network.invoice.issued", _("Invoice issued"))

and passes the constant to :func:`verdensmaal.audit.services.log_action`. The codes register
themselves here when their module is imported; the audit app imports every app's
``audit_actions`` module at start-up, so every stored entry finds its label.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, Promise] = {}

# Writes made in the back office: ``admin.<app>.<model>.<verb>``.
ADMIN_LABELS = {
    "added": _("Added in the back office"),
    "changed": _("Changed in the back office"),
    "deleted": _("Deleted in the back office"),
}


class AuditAction(str):
    """An action code (a plain string to the database) that carries its display label."""

    label: Promise

    def __new__(cls, code: str, label: Promise) -> "AuditAction":
        if code in _LABELS:
            raise ValueError(f"audit action {code!r} is defined twice")
        action = super().__new__(cls, code)
        action.label = label
        _LABELS[code] = label
        return action


def admin_action(label_lower: str, verb: str) -> str:
    return f"admin.{label_lower}.{verb}"


def label(code: str) -> str:
    """The label of a stored action code in the active language (the code itself if unknown)."""
    if code.startswith("admin."):
        return str(ADMIN_LABELS.get(code.rsplit(".", 1)[1], code))
    return str(_LABELS.get(code, code))


def known_codes() -> list[str]:
    return sorted(_LABELS)
