"""Validators for Danish business identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)  # modulus-11 check of the Danish Central Business Register


def validate_cvr(value: str) -> None:
    if not (len(value) == 8 and value.isdigit() and value[0] != "0"):
        raise ValidationError(_("A CVR number has 8 digits and does not start with 0."), "cvr")
    if sum(int(digit) * weight for digit, weight in zip(value, CVR_WEIGHTS, strict=True)) % 11:
        raise ValidationError(_("%(value)s is not a valid CVR number."), "cvr", {"value": value})


def gln_check_digit(first_twelve: str) -> int:
    """GS1 check digit: weights 3 and 1 alternating from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(first_twelve)))
    return (10 - total % 10) % 10


def validate_ean(value: str) -> None:
    """An EAN location number (GLN), the electronic-invoice address of Danish public buyers."""
    if not (len(value) == 13 and value.isdigit()):
        raise ValidationError(_("An EAN number has 13 digits."), "ean")
    if gln_check_digit(value[:12]) != int(value[12]):
        raise ValidationError(
            _("%(value)s is not a valid EAN number: the check digit is wrong."),
            "ean",
            {"value": value},
        )
