"""Peppol BIS Billing 3.0 invoices and credit notes (UBL 2.1 syntax) as XML bytes.

Danish public buyers receive electronic invoices through NemHandel/Peppol, addressed by their EAN
location number (a GS1 GLN, Peppol scheme ``0088``). This module turns plain frozen dataclasses
into the two documents the network needs:

* an invoice (UBL 2.1 ``Invoice``, type code 380) for a member's participants in a season;
* a credit note (UBL 2.1 ``CreditNote``, type code 381) that corrects an issued invoice and
  references it (``BillingReference``, BT-25).

The document is built from what the dataclasses hold; nothing is looked up. The Django layer copies
names, addresses, EAN and prices onto its invoice model at issue and calls :func:`invoice_xml` or
:func:`credit_note_xml` with that snapshot, so that the XML of an issued invoice can always be
rebuilt byte for byte.

Sources: Peppol BIS Billing 3.0 (https://docs.peppol.eu/poacc/billing/3.0/), EN 16931-1:2017 with
its business rules (BR-xx, BR-CO-xx, BR-S-xx), the Peppol rules (PEPPOL-EN16931-Rxxx) and the
Danish national rules of BIS 3.0 (DK-R-xxx). Only VAT category ``S`` (standard rate) is supported:
the network's fees are ordinary taxable services. Element order follows the UBL 2.1 XSD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree
from stdnum import ean, iban

__all__ = [
    "CREDIT_NOTE_TYPE_CODE",
    "CUSTOMIZATION_ID",
    "INVOICE_TYPE_CODE",
    "PROFILE_ID",
    "Address",
    "CreditNote",
    "DocumentTotals",
    "Invoice",
    "InvoiceLine",
    "Party",
    "PaymentMeans",
    "VatSubtotal",
    "credit_note_xml",
    "document_totals",
    "gln_is_valid",
    "invoice_xml",
]

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
"""BT-24, the specification identifier that Peppol BIS Billing 3.0 requires verbatim."""

PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
"""BT-23, the business process: billing (profile 01)."""

INVOICE_TYPE_CODE = "380"
"""UNTDID 1001 'Commercial invoice'."""

CREDIT_NOTE_TYPE_CODE = "381"
"""UNTDID 1001 'Credit note'."""

GLN_SCHEME = "0088"
"""Peppol EAS/ICD code for a GS1 Global Location Number, the Danish EAN location number."""

CVR_SCHEME = "0184"
"""ICD code for the Danish CVR number; DK-R-014 requires it on the seller's legal entity ID."""

VAT_CATEGORY_STANDARD = "S"
"""UNCL 5305 'Standard rate'; the only category this module emits."""

UNIT_CODE_ONE = "C62"
"""UN/ECE Recommendation 20 'one' (a unit), used for participants."""

# Payment means codes allowed for Danish suppliers invoicing Danish buyers (DK-R-005) that this
# module can describe with a payee account: 31 debit transfer, 42 payment to bank account
# (both need registration number and account number, DK-R-006), 58 SEPA credit transfer (IBAN).
PAYMENT_MEANS_DOMESTIC = frozenset({"31", "42"})
PAYMENT_MEANS_SEPA = "58"

_NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
_NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
_NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

_ORE = Decimal("0.01")
_CVR_RE = re.compile(r"[1-9]\d{7}")
_GLN_RE = re.compile(r"\d{13}")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")
_DK_REG_NO_RE = re.compile(r"\d{4}")
_DK_ACCOUNT_RE = re.compile(r"\d{1,10}")


def _round_ore(amount: Decimal) -> Decimal:
    return amount.quantize(_ORE, rounding=ROUND_HALF_UP)


def _require_text(value: str, name: str) -> None:
    # PEPPOL-EN16931-R008: a document must not contain empty elements, so a required text that is
    # blank is an error here rather than an empty tag there.
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")


def _require_decimal(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{name} must be a finite decimal.Decimal, not {value!r}")


def gln_is_valid(gln: str) -> bool:
    """Return whether ``gln`` is a 13-digit GS1 GLN (EAN location number) with a valid check
    digit (python-stdnum's GS1 check)."""
    return isinstance(gln, str) and bool(_GLN_RE.fullmatch(gln)) and ean.is_valid(gln)


@dataclass(frozen=True)
class Address:
    """A postal address (BG-5 seller, BG-8 buyer). ``country_code`` is ISO 3166-1 alpha-2."""

    street: str
    city: str
    postal_code: str
    country_code: str = "DK"
    additional_street: str = ""

    def __post_init__(self) -> None:
        _require_text(self.street, "street")
        _require_text(self.city, "city")
        _require_text(self.postal_code, "postal_code")
        if not _COUNTRY_RE.fullmatch(self.country_code):
            raise ValueError(f"country_code must be ISO 3166-1 alpha-2, got {self.country_code!r}")


@dataclass(frozen=True)
class Party:
    """Seller or buyer: name, address, CVR number and EAN location number (GLN).

    ``gln`` becomes the electronic address (EndpointID, scheme 0088) that Peppol routes on;
    ``cvr`` becomes the legal registration identifier (PartyLegalEntity/CompanyID, scheme 0184,
    written ``DK`` + CVR). When ``vat_registered`` is
    true the VAT identifier ``"DK" + cvr`` is given (PartyTaxScheme); the seller must be VAT
    registered to charge VAT (BR-S-02).
    """

    name: str
    address: Address
    cvr: str
    gln: str
    vat_registered: bool = False
    contact_name: str = ""
    contact_email: str = ""

    def __post_init__(self) -> None:
        _require_text(self.name, "name")
        if not isinstance(self.cvr, str) or not _CVR_RE.fullmatch(self.cvr):
            raise ValueError(f"cvr must be a Danish CVR number of 8 digits, got {self.cvr!r}")
        if not gln_is_valid(self.gln):
            raise ValueError(
                f"gln must be a 13-digit EAN location number with a valid check digit, "
                f"got {self.gln!r}"
            )

    @property
    def vat_id(self) -> str:
        """The Danish VAT identifier: ``DK`` followed by the CVR number (DK-R-015)."""
        return f"DK{self.cvr}"

    @property
    def legal_id(self) -> str:
        """The CVR number as Peppol scheme 0184 wants it: ``DK`` followed by the 8 digits."""
        return f"DK{self.cvr}"


@dataclass(frozen=True)
class PaymentMeans:
    """How the buyer pays (BG-16): the payee's bank account.

    ``code`` is UNCL 4461: ``"42"`` (payment to bank account) or ``"31"`` (debit transfer) with
    a Danish registration number (``branch_id``, 4 digits) and account number (``account_id``),
    as DK-R-006 requires; or ``"58"`` (SEPA credit transfer) with an IBAN and optionally a BIC in
    ``branch_id``. ``payment_id`` is the remittance information (BT-83); when blank the document
    number is used.
    """

    account_id: str
    branch_id: str = ""
    code: str = "42"
    account_name: str = ""
    payment_id: str = ""

    def __post_init__(self) -> None:
        if self.code in PAYMENT_MEANS_DOMESTIC:
            if not _DK_REG_NO_RE.fullmatch(self.branch_id):
                raise ValueError(
                    f"payment means {self.code} needs a 4-digit Danish registration number as "
                    f"branch_id (DK-R-006), got {self.branch_id!r}"
                )
            if not _DK_ACCOUNT_RE.fullmatch(self.account_id):
                raise ValueError(
                    f"payment means {self.code} needs a Danish account number of up to 10 digits, "
                    f"got {self.account_id!r}"
                )
        elif self.code == PAYMENT_MEANS_SEPA:
            if not iban.is_valid(self.account_id):
                raise ValueError(f"payment means 58 needs a valid IBAN, got {self.account_id!r}")
        else:
            allowed = sorted({*PAYMENT_MEANS_DOMESTIC, PAYMENT_MEANS_SEPA})
            raise ValueError(f"payment means code must be one of {allowed}, got {self.code!r}")


@dataclass(frozen=True)
class InvoiceLine:
    """One invoice or credit note line (BG-25).

    ``name`` is the item name (BT-153, mandatory), ``description`` the optional item description
    (BT-154). The net amount (BT-131) is ``quantity * unit_price`` rounded to øre, so that the line
    always satisfies PEPPOL-EN16931-R120. ``vat_percent`` is the standard VAT rate in percent
    (``Decimal("25")`` for Danish moms), not a fraction.
    """

    line_id: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    vat_percent: Decimal = Decimal("25")
    description: str = ""
    unit_code: str = UNIT_CODE_ONE

    def __post_init__(self) -> None:
        _require_text(self.line_id, "line_id")
        _require_text(self.name, "name")
        _require_decimal(self.quantity, "quantity")
        _require_decimal(self.unit_price, "unit_price")
        _require_decimal(self.vat_percent, "vat_percent")
        if self.unit_price < 0:
            raise ValueError(f"unit_price must not be negative (BR-27), got {self.unit_price}")
        if not Decimal(0) < self.vat_percent <= Decimal(100):
            raise ValueError(
                f"vat_percent must be above 0 and at most 100 for category S (BR-S-05), "
                f"got {self.vat_percent}"
            )

    @property
    def net_amount(self) -> Decimal:
        """Line net amount (BT-131): quantity times unit price, rounded half up to øre."""
        return _round_ore(self.quantity * self.unit_price)


@dataclass(frozen=True)
class VatSubtotal:
    """One VAT breakdown (BG-23) for one rate of category S."""

    vat_percent: Decimal
    taxable_amount: Decimal
    tax_amount: Decimal


@dataclass(frozen=True)
class DocumentTotals:
    """Document totals (BG-22) and the VAT breakdown, all rounded to øre."""

    line_extension_amount: Decimal
    tax_exclusive_amount: Decimal
    tax_amount: Decimal
    tax_inclusive_amount: Decimal
    payable_amount: Decimal
    subtotals: tuple[VatSubtotal, ...]


def document_totals(lines: Iterable[InvoiceLine]) -> DocumentTotals:
    """Compute the totals of a document from its lines, following EN 16931.

    The VAT of each rate is the rate applied to the sum of that rate's line net amounts, rounded
    half up to øre (BR-CO-17); the total VAT is the sum of the breakdowns (BR-CO-14). With no
    document-level allowances, charges or prepayments: line extension = tax exclusive amount
    (BR-CO-10, BR-CO-13), tax inclusive = tax exclusive + VAT (BR-CO-15), payable = tax
    inclusive (BR-CO-16).
    """
    zero = Decimal("0.00")
    taxable_by_percent: dict[Decimal, Decimal] = {}
    line_extension = zero
    for line in lines:
        line_extension += line.net_amount
        key = line.vat_percent.normalize()
        taxable_by_percent[key] = taxable_by_percent.get(key, zero) + line.net_amount
    subtotals = tuple(
        VatSubtotal(
            vat_percent=percent,
            taxable_amount=taxable,
            tax_amount=_round_ore(taxable * percent / Decimal(100)),
        )
        for percent, taxable in sorted(taxable_by_percent.items())
    )
    tax = sum((subtotal.tax_amount for subtotal in subtotals), zero)
    return DocumentTotals(
        line_extension_amount=line_extension,
        tax_exclusive_amount=line_extension,
        tax_amount=tax,
        tax_inclusive_amount=line_extension + tax,
        payable_amount=line_extension + tax,
        subtotals=subtotals,
    )


def _validate_common(
    *,
    number: str,
    seller: Party,
    buyer: Party,
    buyer_reference: str,
    lines: tuple[InvoiceLine, ...],
    currency: str,
    period: tuple[date, date] | None,
) -> None:
    _require_text(number, "number")
    _require_text(buyer_reference, "buyer_reference")  # PEPPOL-EN16931-R003
    if not seller.vat_registered:
        raise ValueError("the seller must be VAT registered to invoice VAT category S (BR-S-02)")
    if not _CURRENCY_RE.fullmatch(currency):
        raise ValueError(f"currency must be an ISO 4217 code, got {currency!r}")
    if not lines:
        raise ValueError("a document needs at least one line (BR-16)")
    line_ids = [line.line_id for line in lines]
    if len(set(line_ids)) != len(line_ids):
        raise ValueError(f"line ids must be unique, got {line_ids}")
    if period is not None and period[1] < period[0]:
        raise ValueError(f"the period must not end before it starts, got {period} (BR-29)")


@dataclass(frozen=True)
class Invoice:
    """A commercial invoice (type 380); ``period`` is the invoicing period (BG-14), a season."""

    number: str
    issue_date: date
    due_date: date
    seller: Party
    buyer: Party
    buyer_reference: str
    lines: tuple[InvoiceLine, ...]
    payment_means: PaymentMeans
    currency: str = "DKK"
    note: str = ""
    order_reference: str = ""
    payment_terms: str = ""
    period: tuple[date, date] | None = None

    def __post_init__(self) -> None:
        _validate_common(
            number=self.number,
            seller=self.seller,
            buyer=self.buyer,
            buyer_reference=self.buyer_reference,
            lines=self.lines,
            currency=self.currency,
            period=self.period,
        )
        if self.due_date < self.issue_date:
            raise ValueError(
                f"due_date {self.due_date} must not be before issue_date {self.issue_date}"
            )
        if self.totals.payable_amount < 0:
            raise ValueError("an invoice must not have a negative total; issue a credit note")

    @property
    def totals(self) -> DocumentTotals:
        """The document totals, see :func:`document_totals`."""
        return document_totals(self.lines)


@dataclass(frozen=True)
class CreditNote:
    """A credit note (type 381) correcting the invoice ``corrected_invoice_number``.

    Its lines carry the credited quantities and amounts as positive figures; the total must not
    be negative (DK-R-016). ``payment_terms`` (BT-20) is required: a UBL credit note has no due
    date, and EN 16931 wants one or the other for a positive amount due (BR-CO-25).
    """

    number: str
    issue_date: date
    seller: Party
    buyer: Party
    buyer_reference: str
    lines: tuple[InvoiceLine, ...]
    corrected_invoice_number: str
    corrected_invoice_issue_date: date
    payment_terms: str
    payment_means: PaymentMeans | None = None
    currency: str = "DKK"
    note: str = ""
    order_reference: str = ""
    period: tuple[date, date] | None = None

    def __post_init__(self) -> None:
        _validate_common(
            number=self.number,
            seller=self.seller,
            buyer=self.buyer,
            buyer_reference=self.buyer_reference,
            lines=self.lines,
            currency=self.currency,
            period=self.period,
        )
        _require_text(self.corrected_invoice_number, "corrected_invoice_number")
        _require_text(self.payment_terms, "payment_terms")
        if self.corrected_invoice_number == self.number:
            raise ValueError("a credit note needs its own number, not the invoice's")
        if self.corrected_invoice_issue_date > self.issue_date:
            raise ValueError("a credit note cannot be issued before the invoice it corrects")
        if self.totals.payable_amount < 0:
            raise ValueError("a credit note must not have a negative total (DK-R-016)")

    @property
    def totals(self) -> DocumentTotals:
        """The document totals, see :func:`document_totals`."""
        return document_totals(self.lines)


# --- XML ---------------------------------------------------------------------------------------


def _cbc(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{_NS_CBC}}}{name}", attributes)
    element.text = text
    return element


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{_NS_CAC}}}{name}")


def _amount(parent: etree._Element, name: str, amount: Decimal, currency: str) -> None:
    # BR-DEC-xx: document amounts have at most two decimals.
    _cbc(parent, name, format(_round_ore(amount), "f"), currencyID=currency)


def _number(value: Decimal) -> str:
    # Plain notation without exponent or trailing zeros: 25 -> "25", 12.50 -> "12.5", 1E+1 -> "10".
    return format(value.normalize(), "f")


def _price(value: Decimal) -> str:
    # Prices read as money (7500.00) unless they carry more precision than øre, which BT-146 allows.
    if value == value.quantize(_ORE):
        return format(value.quantize(_ORE), "f")
    return _number(value)


def _tax_category(parent: etree._Element, name: str, vat_percent: Decimal) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", VAT_CATEGORY_STANDARD)
    _cbc(category, "Percent", _number(vat_percent))
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def _party(parent: etree._Element, role: str, party: Party) -> None:
    wrapper = _cac(parent, role)
    element = _cac(wrapper, "Party")
    _cbc(element, "EndpointID", party.gln, schemeID=GLN_SCHEME)
    _cbc(_cac(element, "PartyName"), "Name", party.name)
    address = _cac(element, "PostalAddress")
    _cbc(address, "StreetName", party.address.street)
    if party.address.additional_street:
        _cbc(address, "AdditionalStreetName", party.address.additional_street)
    _cbc(address, "CityName", party.address.city)
    _cbc(address, "PostalZone", party.address.postal_code)
    _cbc(_cac(address, "Country"), "IdentificationCode", party.address.country_code)
    if party.vat_registered:
        tax_scheme = _cac(element, "PartyTaxScheme")
        _cbc(tax_scheme, "CompanyID", party.vat_id)
        _cbc(_cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(element, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    # PEPPOL-COMMON-R042 accepts a CVR with scheme 0184 as "DK" + 8 digits in every Peppol release
    # (plain 8 digits only in the later ones), so the prefixed form is the one that always passes.
    _cbc(legal, "CompanyID", party.legal_id, schemeID=CVR_SCHEME)
    if party.contact_name or party.contact_email:
        contact = _cac(element, "Contact")
        if party.contact_name:
            _cbc(contact, "Name", party.contact_name)
        if party.contact_email:
            _cbc(contact, "ElectronicMail", party.contact_email)


def _payment_means(parent: etree._Element, means: PaymentMeans, number: str) -> None:
    element = _cac(parent, "PaymentMeans")
    _cbc(element, "PaymentMeansCode", means.code)
    _cbc(element, "PaymentID", means.payment_id or number)
    account = _cac(element, "PayeeFinancialAccount")
    _cbc(account, "ID", means.account_id)
    if means.account_name:
        _cbc(account, "Name", means.account_name)
    if means.branch_id:
        _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", means.branch_id)


def _build(document: Invoice | CreditNote) -> bytes:
    is_invoice = isinstance(document, Invoice)
    namespace = _NS_INVOICE if is_invoice else _NS_CREDIT_NOTE
    root_name = "Invoice" if is_invoice else "CreditNote"
    root = etree.Element(
        f"{{{namespace}}}{root_name}", nsmap={None: namespace, "cac": _NS_CAC, "cbc": _NS_CBC}
    )
    currency = document.currency
    totals = document.totals

    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", document.number)
    _cbc(root, "IssueDate", document.issue_date.isoformat())
    if isinstance(document, Invoice):
        _cbc(root, "DueDate", document.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE_CODE)
    else:
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE_CODE)
    if document.note:
        _cbc(root, "Note", document.note)
    _cbc(root, "DocumentCurrencyCode", currency)
    _cbc(root, "BuyerReference", document.buyer_reference)
    if document.period is not None:
        period = _cac(root, "InvoicePeriod")
        _cbc(period, "StartDate", document.period[0].isoformat())
        _cbc(period, "EndDate", document.period[1].isoformat())
    if document.order_reference:
        _cbc(_cac(root, "OrderReference"), "ID", document.order_reference)
    if isinstance(document, CreditNote):
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", document.corrected_invoice_number)
        _cbc(reference, "IssueDate", document.corrected_invoice_issue_date.isoformat())

    _party(root, "AccountingSupplierParty", document.seller)
    _party(root, "AccountingCustomerParty", document.buyer)

    if document.payment_means is not None:
        _payment_means(root, document.payment_means, document.number)
    if document.payment_terms:
        _cbc(_cac(root, "PaymentTerms"), "Note", document.payment_terms)

    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", totals.tax_amount, currency)
    for subtotal in totals.subtotals:
        element = _cac(tax_total, "TaxSubtotal")
        _amount(element, "TaxableAmount", subtotal.taxable_amount, currency)
        _amount(element, "TaxAmount", subtotal.tax_amount, currency)
        _tax_category(element, "TaxCategory", subtotal.vat_percent)

    monetary = _cac(root, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", totals.line_extension_amount, currency)
    _amount(monetary, "TaxExclusiveAmount", totals.tax_exclusive_amount, currency)
    _amount(monetary, "TaxInclusiveAmount", totals.tax_inclusive_amount, currency)
    _amount(monetary, "PayableAmount", totals.payable_amount, currency)

    line_name = "InvoiceLine" if is_invoice else "CreditNoteLine"
    quantity_name = "InvoicedQuantity" if is_invoice else "CreditedQuantity"
    for line in document.lines:
        element = _cac(root, line_name)
        _cbc(element, "ID", line.line_id)
        _cbc(element, quantity_name, _number(line.quantity), unitCode=line.unit_code)
        _amount(element, "LineExtensionAmount", line.net_amount, currency)
        item = _cac(element, "Item")
        if line.description:
            _cbc(item, "Description", line.description)
        _cbc(item, "Name", line.name)
        _tax_category(item, "ClassifiedTaxCategory", line.vat_percent)
        _cbc(_cac(element, "Price"), "PriceAmount", _price(line.unit_price), currencyID=currency)

    # Written by hand so that the declaration reads as in the Peppol examples (double quotes).
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, xml_declaration=False, encoding="UTF-8", pretty_print=True
    )


def invoice_xml(invoice: Invoice) -> bytes:
    """Return the Peppol BIS Billing 3.0 UBL 2.1 ``Invoice`` for ``invoice`` as UTF-8 XML bytes.

    The output is deterministic: the same dataclass always gives the same bytes.
    """
    if not isinstance(invoice, Invoice):
        raise TypeError(f"expected an Invoice, got {type(invoice).__name__}")
    return _build(invoice)


def credit_note_xml(credit_note: CreditNote) -> bytes:
    """Return the Peppol BIS Billing 3.0 UBL 2.1 ``CreditNote`` for ``credit_note`` as UTF-8 bytes.

    The credit note references the invoice it corrects in ``BillingReference`` (BT-25, BT-26).
    The output is deterministic: the same dataclass always gives the same bytes.
    """
    if not isinstance(credit_note, CreditNote):
        raise TypeError(f"expected a CreditNote, got {type(credit_note).__name__}")
    return _build(credit_note)
