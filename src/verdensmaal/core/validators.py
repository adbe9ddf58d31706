"""Validators for Danish business identifiers; the check digits are python-stdnum's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import ean
from stdnum.dk import cvr


def validate_cvr(value: str) -> None:
    """A number of the Central Business Register: 8 digits, not starting with 0, modulus 11."""
    if not (len(value) == 8 and value.isdigit() and value[0] != "0"):
        raise ValidationError(_("A CVR number has 8 digits and does not start with 0."), "cvr")
    if not cvr.is_valid(value):
        raise ValidationError(_("%(value)s is not a valid CVR number."), "cvr", {"value": value})


def is_gln(value: str) -> bool:
    """A 13-digit GS1 location number (the EAN number of Danish public buyers) with a valid
    check digit."""
    return isinstance(value, str) and len(value) == 13 and value.isdigit() and ean.is_valid(value)


def validate_ean(value: str) -> None:
    """An EAN location number (GLN), the electronic-invoice address of Danish public buyers."""
    if not (len(value) == 13 and value.isdigit()):
        raise ValidationError(_("An EAN number has 13 digits."), "ean")
    if not is_gln(value):
        raise ValidationError(
            _("%(value)s is not a valid EAN number: the check digit is wrong."),
            "ean",
            {"value": value},
        )
