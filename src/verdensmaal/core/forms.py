"""What every form shares: capitalised labels, and numbers read as people type them."""

import re
from decimal import Decimal

from django import forms
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class CapitalisedLabels:
    """Every label starts with a capital, as Django writes the labels it takes from a model; the
    explicit ones share the models' lower-case words (and their translations)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
THOUSANDS_EN = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$")


def danish_number(text: str, *, language: str = "da") -> str:
    """A number as people type it, as plain digits with a decimal point: "2.500.000" and
    "2 500 000" are 2500000, "0,25" is 0.25, "10.000,50 kr." is 10000.50. A single point with
    three digits after it ("2.500") is a thousands point in Danish and a decimal point in English;
    a single comma with three digits after it ("10,000") a thousands comma in English.
    Anything that is not a number is returned as it was, for the field to refuse."""
    value = re.sub(r"[\s\u00a0\u202f]", "", text)
    value = re.sub(r"(?i)^(dkk)|(kr\.?|dkk)$", "", value)
    if "," in value and "." in value:
        decimal = "," if value.rfind(",") > value.rfind(".") else "."
        value = value.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif language == "en" and THOUSANDS_EN.match(value):
        value = value.replace(",", "")
    elif value.count(",") == 1:
        value = value.replace(",", ".")
    elif value.count(",") > 1:
        value = value.replace(",", "")
    elif value.count(".") > 1 or (language == "da" and THOUSANDS.match(value)):
        value = value.replace(".", "")
    return value


class DanishDecimalField(forms.DecimalField):
    """A decimal field that reads numbers as Danes (and the English) type them: a text field, since
    a browser's number field refuses "2.500.000", "0,25" and "25 %"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = danish_number(value, language=translation.get_language() or "da")
        return super().to_python(value)


class PercentField(DanishDecimalField):
    """A share typed in per cent ("25", "25 %", "12,5") and kept as a fraction (0.25)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%")
        number = super().to_python(value)
        return None if number is None else number / 100

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value * 100, "f").rstrip("0").rstrip(".") or "0"
        return value

    def validate(self, value):
        super().validate(value)
        if value is not None and not 0 <= value <= 1:
            raise forms.ValidationError(_("Give a percentage from 0 to 100."), code="range")
