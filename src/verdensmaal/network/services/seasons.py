"""Seasons, their members, the members' participants and their registrations for a season."""

from datetime import date
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verdensmaal.audit.services import audited_create, audited_update, log_action, new_values
from verdensmaal.core.permissions import ensure_can_edit_organisation, ensure_secretariat

from .. import audit_actions
from ..emails import season_registration_message
from ..models import Membership, Participant, Season, SeasonRegistration
from ..pricing import participant_prices
from ..selectors import season_quote
from ._base import checked


class SeasonFields(TypedDict, total=False):
    name: str
    title_da: str
    title_en: str
    starts_on: date
    ends_on: date
    base_price: Decimal
    further_discount: Decimal
    vat_rate: Decimal
    payment_days: int
    is_demo: bool


class MembershipFields(TypedDict, total=False):
    invoice_reference: str
    contact_name: str
    contact_email: str


class ParticipantFields(TypedDict, total=False):
    name: str
    title: str
    role: str
    email: str
    language: str
    directory_consent: bool
    user: object
    is_demo: bool


def season_create(*, actor, **fields: Unpack[SeasonFields]) -> Season:
    ensure_secretariat(actor)
    return audited_create(
        actor=actor,
        obj=Season(**checked(fields, SeasonFields)),
        action=audit_actions.SEASON_CREATED,
    )


def season_update(*, actor, season: Season, **fields: Unpack[SeasonFields]) -> Season:
    """Change a season; registrations keep the prices they were made at."""
    ensure_secretariat(actor)
    return audited_update(
        actor=actor,
        obj=season,
        values=checked(fields, SeasonFields),
        action=audit_actions.SEASON_UPDATED,
    )


def membership_create(
    *, actor, season: Season, organisation, **fields: Unpack[MembershipFields]
) -> Membership:
    ensure_secretariat(actor)
    return audited_create(
        actor=actor,
        obj=Membership(
            season=season, organisation=organisation, **checked(fields, MembershipFields)
        ),
        action=audit_actions.MEMBERSHIP_CREATED,
        organisation=organisation,
    )


def participant_create(*, actor, organisation, **fields: Unpack[ParticipantFields]) -> Participant:
    """Add a participant to an organisation; an editor may add them only to their own."""
    ensure_can_edit_organisation(actor, organisation)
    return audited_create(
        actor=actor,
        obj=Participant(organisation=organisation, **checked(fields, ParticipantFields)),
        action=audit_actions.PARTICIPANT_CREATED,
        organisation=organisation,
        changes=lambda participant: new_values(participant, "name", "role", "organisation"),
    )


def season_registrations_create(
    *, actor, membership: Membership, participants, expected_total: Decimal | None = None
) -> list[SeasonRegistration]:
    """Register participants for the season at the prices of the quote, frozen on each one.

    ``expected_total`` is the gross total of the quote the member confirmed; when the price rule
    has changed since, nothing is registered and the member is asked to look at the new quote.
    """
    ensure_can_edit_organisation(actor, membership.organisation)
    participants = list(participants)
    if not participants:
        raise ValidationError(_("Choose at least one participant."))
    with transaction.atomic():
        # The lock serialises registrations for one member, so positions and prices are exact.
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("season", "organisation")
            .get(pk=membership.pk)
        )
        season = membership.season
        taken = set(membership.registrations.values_list("participant_id", flat=True))
        for participant in participants:
            if participant.organisation_id != membership.organisation_id:
                raise ValidationError(
                    _("%(name)s does not belong to %(organisation)s.")
                    % {"name": participant.name, "organisation": membership.organisation}
                )
            if participant.erased_at is not None:
                raise ValidationError(_("An erased participant cannot be registered."))
            if participant.pk in taken:
                raise ValidationError(
                    _("%(name)s is already registered for the season.") % {"name": participant.name}
                )
        existing = len(taken)
        quote = season_quote(membership, len(participants))
        if expected_total is not None and quote.gross_total != expected_total:
            raise ValidationError(
                _("The prices have changed since the quote was shown. Please look at it again.")
            )
        prices = participant_prices(
            existing + len(participants),
            base_price=season.base_price,
            further_discount=season.further_discount,
        )[existing:]
        registrations = []
        for offset, (participant, price) in enumerate(zip(participants, prices, strict=True)):
            registration = SeasonRegistration(
                membership=membership,
                participant=participant,
                position=existing + offset + 1,
                price=price,
                vat_rate=season.vat_rate,
                registered_by=actor,
            )
            registration.full_clean()
            registration.save()
            log_action(
                actor=actor,
                action=audit_actions.SEASON_REGISTRATION_CREATED,
                obj=registration,
                organisation=membership.organisation,
                changes={
                    "participant": [None, participant.pk],
                    "position": [None, registration.position],
                    "price": [None, str(price)],
                    "vat_rate": [None, str(season.vat_rate)],
                },
            )
            registrations.append(registration)
            message = season_registration_message(registration)
            if message is not None:
                transaction.on_commit(message.send)
    return registrations
