"""Numbers typed the Danish way are read everywhere: 2.500.000, 0,25, 25 %, 10.000,00 kr."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from verdensmaal.core.forms import DanishDecimalField, PercentField, danish_number


@pytest.mark.parametrize(
    ("typed", "language", "read"),
    [
        ("2.500.000", "da", "2500000"),
        ("2 500 000", "da", "2500000"),
        ("0,25", "da", "0.25"),
        ("10.000,50 kr.", "da", "10000.50"),
        ("2.500", "da", "2500"),
        ("2.500", "en", "2.500"),
        ("2,500,000.5", "en", "2500000.5"),
        ("DKK 1,234.5", "en", "1234.5"),
        ("10,000", "en", "10000"),  # the English thousands comma, not ten
        ("10,000", "da", "10.000"),
        ("0,25", "en", "0.25"),
        ("-3,5", "da", "-3.5"),
        ("12", "da", "12"),
    ],
)
def test_numbers_as_people_type_them(typed, language, read):
    assert danish_number(typed, language=language) == read


def test_a_decimal_field_and_a_percent_field_read_danish_input():
    with translation.override("da"):
        assert DanishDecimalField(decimal_places=2).clean("10.000,25") == Decimal("10000.25")
        share = PercentField()
        assert share.clean("25 %") == Decimal("0.25")
        assert share.clean("12,5") == Decimal("0.125")
        assert share.prepare_value(Decimal("0.2500")) == "25"
        with pytest.raises(Exception, match=r"0 til 100|0 to 100"):
            share.clean("250")
        with pytest.raises(Exception):  # noqa: B017 - any refusal: not a number
            share.clean("mange")


def test_money_is_shown_the_readers_way():
    template = Template("{% load verdensmaal %}{{ amount|money }}")
    with translation.override("da"):
        assert template.render(Context({"amount": Decimal("10000.00")})) == "10.000,00 kr."
    with translation.override("en"):
        assert template.render(Context({"amount": Decimal("21875.5")})) == "DKK 21,875.50"


def test_the_season_form_takes_prices_and_percentages_as_typed(secretariat):
    from verdensmaal.network.forms import SeasonForm

    with translation.override("da"):
        form = SeasonForm(
            {"name": "2031-32", "title_da": "Netværk", "starts_on": "2031-08-01",
             "ends_on": "2032-07-31", "base_price": "10.000", "further_discount": "25 %",
             "vat_rate": "25", "payment_days": "30"}
        )  # fmt: skip
        assert form.is_valid(), form.errors
    assert form.cleaned_data["base_price"] == Decimal("10000")
    assert form.cleaned_data["further_discount"] == Decimal("0.25")
    assert form.cleaned_data["vat_rate"] == Decimal("0.25")
