"""Personal data: a participant's data exported, and erased without breaking the books
(pretix's shredders work the same way: export first, then redact; invoice numbers and totals stay).
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verdensmaal.audit.services import log_action, redact
from verdensmaal.core.permissions import ensure_secretariat

from .. import audit_actions
from ..models import InvoiceLine, MeetingRegistration, Participant, SeasonRegistration, SentReminder
from ._base import ensure_can_act_for

ERASED_NAME = "#{pk}"  # what an erased participant's name becomes; shown as "Erased participant"


def participant_export(*, actor, participant: Participant) -> dict:
    """All the network holds about a participant, as JSON-ready data; the export is logged. The
    participant themself may export it (their right of access), as may their organisation's
    editor and the secretariat."""
    ensure_can_act_for(actor, participant)
    data = {
        "participant": {
            "id": participant.pk,
            "name": participant.name,
            "title": participant.title,
            "organisation": participant.organisation.name,
            "role": participant.role,
            "email": participant.email,
            "language": participant.language,
            "directory_consent": participant.directory_consent,
            "user": participant.user.username if participant.user else None,
            "created_at": participant.created_at.isoformat(),
            "erased_at": participant.erased_at.isoformat() if participant.erased_at else None,
        },
        "season_registrations": [
            {
                "season": registration.membership.season.name,
                "position": registration.position,
                "price_excl_vat": str(registration.price),
                "vat_rate": str(registration.vat_rate),
                "registered_at": registration.created_at.isoformat(),
            }
            for registration in participant.season_registrations.select_related(
                "membership__season"
            ).order_by("pk")
        ],
        "meeting_registrations": [
            {
                "meeting": str(registration.meeting),
                "starts_at": registration.meeting.starts_at.isoformat(),
                "status": registration.status,
                "attended_at": registration.attended_at.isoformat()
                if registration.attended_at
                else None,
                "attendance_method": registration.attendance_method,
            }
            for registration in participant.meeting_registrations.select_related(
                "meeting"
            ).order_by("pk")
        ],
        "invoice_lines": [
            {"invoice": line.invoice.number, "description": line.description, "net": str(line.net)}
            for line in InvoiceLine.objects.filter(registration__participant=participant)
            .select_related("invoice")
            .order_by("pk")
        ],
    }
    with transaction.atomic():
        log_action(
            actor=actor,
            action=audit_actions.PARTICIPANT_EXPORTED,
            obj=participant,
            organisation=participant.organisation,
        )
    return data


def participant_erase(*, actor, participant: Participant) -> Participant:
    """Redact a participant everywhere; invoices keep their numbers, lines and totals."""
    ensure_secretariat(actor)
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.erased_at is not None:
            raise ValidationError(_("The participant is already erased."))
        placeholder = ERASED_NAME.format(pk=participant.pk)
        old_email = participant.email
        participant.name = placeholder
        participant.title = ""
        participant.email = ""
        participant.directory_consent = False
        participant.user = None
        participant.calendar_token = uuid.uuid4()
        participant.erased_at = timezone.now()
        participant.full_clean()
        participant.save()
        InvoiceLine.objects.filter(registration__participant=participant).update(
            participant_name=placeholder
        )
        if old_email:
            SentReminder.objects.filter(recipient=old_email).update(recipient="")
        redact(
            [
                (Participant, [participant.pk]),
                (SeasonRegistration, participant.season_registrations.values_list("pk", flat=True)),
                (
                    MeetingRegistration,
                    participant.meeting_registrations.values_list("pk", flat=True),
                ),
            ],
            placeholder,
        )
        log_action(
            actor=actor,
            action=audit_actions.PARTICIPANT_ERASED,
            obj=participant,
            organisation=participant.organisation,
        )
    return participant
