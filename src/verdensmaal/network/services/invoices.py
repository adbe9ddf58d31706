"""Invoices and credit notes for Danish public buyers.

Invoice numbers are allocated inside the issuing transaction from a counter row locked with
``select_for_update`` (pretix allocates its numbers the same way): a failed issue rolls the counter
back with everything else, so the series has no gaps, and two issues at the same moment wait for
each other instead of taking the same number. An invoice is a snapshot: it copies the buyer, the
seller and the prices onto itself, is never changed, and is corrected by a credit note.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verdensmaal.audit.services import log_action
from verdensmaal.core.permissions import ensure_secretariat

from .. import audit_actions, ubl
from ..models import Invoice, InvoiceCounter, InvoiceLine, Membership, Season, SeasonRegistration
from ..pricing import round_ore
from ..selectors import invoice_document

DEFAULT_SELLER = {
    # Placeholder seller for demo and development; set VERDENSMAAL_INVOICE_SELLER in production.
    "name": "Verdensmålsnetværkets sekretariat (demo)",
    "street": "Eksempelvej 1",
    "postcode": "1050",
    "city": "København K",
    "cvr": "12345678",
    "ean": "5798009999993",
    "contact_name": "Netværkssekretariatet",
    "contact_email": "faktura@verdensmaal.local",
    "bank_registration": "1234",
    "bank_account": "0001234567",
}


def invoice_seller() -> dict:
    return dict(getattr(settings, "VERDENSMAAL_INVOICE_SELLER", DEFAULT_SELLER))


def _allocate_number(year: int) -> str:
    """The next number of ``year``'s series; the counter row stays locked until commit."""
    counter, _created = InvoiceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{counter.last_number:04d}"


def _check_document(invoice: Invoice) -> None:
    try:
        invoice_document(invoice)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("The invoice cannot be made as an electronic invoice: %(error)s") % {"error": error}
        ) from error


@dataclass(frozen=True)
class _Line:
    description: str
    participant_name: str
    registration: SeasonRegistration | None
    net: Decimal
    vat_rate: Decimal


def _save_document(*, invoice: Invoice, lines: list[_Line]) -> Invoice:
    net_total = vat_total = Decimal("0.00")
    invoice.net_total = invoice.vat_total = invoice.gross_total = Decimal("0.00")
    rows = []
    for position, line in enumerate(lines, start=1):
        vat = round_ore(line.net * line.vat_rate)
        rows.append(
            InvoiceLine(
                position=position,
                description=line.description,
                participant_name=line.participant_name,
                registration=line.registration,
                net=line.net,
                vat_rate=line.vat_rate,
                vat=vat,
                gross=line.net + vat,
            )
        )
    # The totals are those of the e-invoice (EN 16931: VAT per rate on the summed net amounts).
    totals = ubl.document_totals(
        ubl.InvoiceLine(
            line_id=str(row.position),
            name=row.description,
            quantity=Decimal(1),
            unit_price=row.net,
            vat_percent=row.vat_rate * 100,
        )
        for row in rows
    )
    net_total, vat_total = totals.tax_exclusive_amount, totals.tax_amount
    invoice.net_total, invoice.vat_total = net_total, vat_total
    invoice.gross_total = totals.payable_amount
    invoice.full_clean(exclude=["number"])
    invoice.number = _allocate_number(invoice.issue_date.year)
    invoice.full_clean()
    invoice.save()
    for row in rows:
        row.invoice = invoice
        row.full_clean()
        row.save()
    invoice._prefetched_objects_cache = {}
    _check_document(invoice)
    return invoice


def invoice_issue(*, actor, membership: Membership, language: str = "da") -> Invoice:
    """Invoice the member's registrations for the season that are not invoiced yet.

    The invoice's texts are written in ``language`` (Danish unless the buyer reads English).
    """
    ensure_secretariat(actor)
    if language not in ("da", "en"):
        raise ValidationError(_("An invoice is written in Danish or English."))
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("season", "organisation")
            .get(pk=membership.pk)
        )
        registrations = list(
            membership.registrations.filter(invoice__isnull=True)
            .select_related("participant")
            .order_by("position")
        )
        if not registrations:
            raise ValidationError(_("There is nothing to invoice: every registration is invoiced."))
        organisation, season = membership.organisation, membership.season
        missing = [
            str(label)
            for field, label in (
                ("cvr", _("CVR number")),
                ("ean", _("EAN number")),
                ("street", _("street address")),
                ("postcode", _("postcode")),
                ("city", _("city")),
            )
            if not getattr(organisation, field)
        ]
        if missing:
            raise ValidationError(
                _("%(organisation)s lacks details the invoice needs: %(missing)s.")
                % {"organisation": organisation, "missing": ", ".join(missing)}
            )
        now = timezone.now()
        today = timezone.localdate(now)
        invoice = Invoice(
            kind=Invoice.Kind.INVOICE,
            membership=membership,
            issued_at=now,
            issue_date=today,
            due_date=today + timedelta(days=season.payment_days),
            issued_by=actor,
            language=language,
            season_name=season.name,
            period_start=season.starts_on,
            period_end=season.ends_on,
            buyer_name=organisation.name,
            buyer_street=organisation.street,
            buyer_postcode=organisation.postcode,
            buyer_city=organisation.city,
            buyer_cvr=organisation.cvr,
            buyer_ean=organisation.ean,
            buyer_reference=membership.invoice_reference,
            seller=invoice_seller(),
        )
        with translation.override(invoice.language):
            lines = [
                _Line(
                    description=_registration_line_text(registration, season),
                    participant_name=registration.participant.name,
                    registration=registration,
                    net=registration.price,
                    vat_rate=registration.vat_rate,
                )
                for registration in registrations
            ]
        invoice = _save_document(invoice=invoice, lines=lines)
        SeasonRegistration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            invoice=invoice
        )
        log_action(
            actor=actor,
            action=audit_actions.INVOICE_ISSUED,
            obj=invoice,
            organisation=organisation,
            changes={
                "number": [None, invoice.number],
                "lines": [None, len(lines)],
                "net_total": [None, str(invoice.net_total)],
                "vat_total": [None, str(invoice.vat_total)],
                "gross_total": [None, str(invoice.gross_total)],
            },
        )
    return invoice


def _registration_line_text(registration: SeasonRegistration, season: Season) -> str:
    if registration.position == 1:
        return _("Participation in the network %(season)s, first participant") % {
            "season": season.name
        }
    return _("Participation in the network %(season)s, further participant") % {
        "season": season.name
    }


def credit_note_issue(*, actor, invoice: Invoice, reason: str) -> Invoice:
    """Credit an invoice in full; its registrations may then be invoiced again."""
    ensure_secretariat(actor)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the credit note."))
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note:
            raise ValidationError(_("A credit note cannot be credited."))
        if Invoice.objects.filter(corrects=invoice).exists():
            raise ValidationError(_("The invoice is already credited."))
        now = timezone.now()
        today = timezone.localdate(now)
        fields = model_to_dict(
            invoice,
            exclude=[
                "id",
                "number",
                "kind",
                "corrects",
                "issued_at",
                "issue_date",
                "due_date",
                "issued_by",
                "note",
                "paid_at",
                "paid_recorded_by",
                "membership",
            ],
        )
        credit_note = Invoice(
            **fields,
            kind=Invoice.Kind.CREDIT_NOTE,
            membership=invoice.membership,
            corrects=invoice,
            issued_at=now,
            issue_date=today,
            due_date=today,
            issued_by=actor,
            note=reason.strip(),
        )
        lines = [
            _Line(
                description=line.description,
                participant_name=line.participant_name,
                registration=line.registration,
                net=line.net,
                vat_rate=line.vat_rate,
            )
            for line in invoice.lines.select_related("registration").order_by("position")
        ]
        credit_note = _save_document(invoice=credit_note, lines=lines)
        released = SeasonRegistration.objects.filter(invoice=invoice).update(invoice=None)
        log_action(
            actor=actor,
            action=audit_actions.INVOICE_CREDITED,
            obj=credit_note,
            organisation=invoice.membership.organisation,
            changes={
                "number": [None, credit_note.number],
                "corrects": [None, invoice.number],
                "gross_total": [None, str(credit_note.gross_total)],
                "released_registrations": [None, released],
            },
        )
    return credit_note


def invoice_mark_paid(*, actor, invoice: Invoice) -> Invoice:
    ensure_secretariat(actor)
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status != "issued":
            raise ValidationError(_("Only an issued, unpaid invoice can be marked as paid."))
        invoice.paid_at = timezone.now()
        invoice.paid_recorded_by = actor
        invoice.save(update_fields=["paid_at", "paid_recorded_by"])
        log_action(
            actor=actor,
            action=audit_actions.INVOICE_PAID,
            obj=invoice,
            organisation=invoice.membership.organisation,
            changes={"paid_at": [None, invoice.paid_at.isoformat()]},
        )
    return invoice
