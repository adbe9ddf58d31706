"""Participant prices and VAT: a table of worked examples plus properties (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdensmaal.network.pricing import (
    DEMO_BASE_PRICE,
    DEMO_FURTHER_DISCOUNT,
    DEMO_VAT_RATE,
    Quote,
    participant_prices,
    quote_participants,
    round_ore,
    vat_breakdown,
)

D = Decimal


@pytest.mark.parametrize(
    ("count", "base_price", "further_discount", "expected"),
    [
        (0, D("10000.00"), D("0.25"), []),
        (1, D("10000.00"), D("0.25"), [D("10000.00")]),
        (2, D("10000.00"), D("0.25"), [D("10000.00"), D("7500.00")]),
        (3, D("10000.00"), D("0.25"), [D("10000.00"), D("7500.00"), D("7500.00")]),
        (2, D("10000.00"), D("0"), [D("10000.00"), D("10000.00")]),
        (2, D("10000.00"), D("1"), [D("10000.00"), D("0.00")]),
        (3, D("0.00"), D("0.25"), [D("0.00"), D("0.00"), D("0.00")]),
        # Rounding to øre, half up: 999.99 * 0.75 = 749.9925 -> 749.99; 0.02 * 0.75 = 0.015 -> 0.02.
        (2, D("999.99"), D("0.25"), [D("999.99"), D("749.99")]),
        (2, D("0.02"), D("0.25"), [D("0.02"), D("0.02")]),
        (2, D("10000"), D("0.333"), [D("10000.00"), D("6670.00")]),
    ],
)
def test_participant_prices_table(count, base_price, further_discount, expected):
    prices = participant_prices(count, base_price=base_price, further_discount=further_discount)
    assert prices == expected
    # Equal as numbers is not enough for money: every price carries exactly two places.
    assert all(price.as_tuple().exponent == -2 for price in prices)


@pytest.mark.parametrize(
    ("count", "net", "vat", "gross"),
    [
        (0, D("0.00"), D("0.00"), D("0.00")),
        (1, D("10000.00"), D("2500.00"), D("12500.00")),
        (2, D("17500.00"), D("4375.00"), D("21875.00")),
        (3, D("25000.00"), D("6250.00"), D("31250.00")),
    ],
)
def test_demo_season_quote_table(count, net, vat, gross):
    quote = quote_participants(
        count,
        base_price=DEMO_BASE_PRICE,
        further_discount=DEMO_FURTHER_DISCOUNT,
        vat_rate=DEMO_VAT_RATE,
    )
    assert (quote.net_total, quote.vat_total, quote.gross_total) == (net, vat, gross)
    assert len(quote.lines) == count


def test_three_participants_from_one_member_line_by_line():
    quote = quote_participants(
        3,
        base_price=D("10000.00"),
        further_discount=D("0.25"),
        vat_rate=D("0.25"),
    )
    assert [line.net for line in quote.lines] == [D("10000.00"), D("7500.00"), D("7500.00")]
    assert [line.vat for line in quote.lines] == [D("2500.00"), D("1875.00"), D("1875.00")]
    assert [line.gross for line in quote.lines] == [D("12500.00"), D("9375.00"), D("9375.00")]
    assert quote.net_total == D("25000.00")
    assert quote.gross_total == D("31250.00")


def test_vat_is_rounded_per_line_and_totals_are_sums_of_lines():
    # 0.02 * 25 % = 0.005 -> 0.01 per line; three lines give 0.03, not round(0.06 * 25 %) = 0.02.
    quote = vat_breakdown([D("0.02")] * 3, vat_rate=D("0.25"))
    assert [line.vat for line in quote.lines] == [D("0.01")] * 3
    assert quote.vat_total == D("0.03")
    assert quote.gross_total == quote.net_total + quote.vat_total == D("0.09")


def test_vat_rate_is_configurable():
    quote = vat_breakdown([D("100.00")], vat_rate=D("0.10"))
    assert (quote.vat_total, quote.gross_total) == (D("10.00"), D("110.00"))


def test_correction_lines_may_be_negative():
    quote = vat_breakdown([D("10000.00"), D("-2500.00")], vat_rate=D("0.25"))
    assert quote.net_total == D("7500.00")
    assert quote.vat_total == D("1875.00")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": -1}, "count must not be negative"),
        ({"base_price": D("-0.01")}, "base_price must not be negative"),
        ({"further_discount": D("-0.01")}, "between 0 and 1"),
        ({"further_discount": D("1.01")}, "between 0 and 1"),
        ({"base_price": D("NaN")}, "finite"),
        ({"base_price": D("Infinity")}, "finite"),
    ],
)
def test_invalid_arguments_are_refused_with_a_clear_message(kwargs, message):
    arguments = {"count": 2, "base_price": D("10000.00"), "further_discount": D("0.25")} | kwargs
    count = arguments.pop("count")
    with pytest.raises(ValueError, match=message):
        participant_prices(count, **arguments)


@pytest.mark.parametrize(
    ("count", "base_price", "further_discount"),
    [
        (2, 10000.0, D("0.25")),
        (2, D("10000.00"), 0.25),
        (2, 10000, D("0.25")),
        (2.0, D("10000.00"), D("0.25")),
        (True, D("10000.00"), D("0.25")),
    ],
)
def test_floats_and_other_non_decimals_are_refused(count, base_price, further_discount):
    with pytest.raises(TypeError):
        participant_prices(count, base_price=base_price, further_discount=further_discount)


def test_vat_breakdown_refuses_floats_and_bad_rates():
    with pytest.raises(TypeError, match="never a float"):
        vat_breakdown([100.0], vat_rate=D("0.25"))
    with pytest.raises(TypeError):
        vat_breakdown([D("100")], vat_rate=0.25)
    with pytest.raises(ValueError, match="between 0 and 1"):
        vat_breakdown([D("100")], vat_rate=D("25"))
    with pytest.raises(TypeError):
        round_ore(1.005)


# --- properties ----------------------------------------------------------------------------------

prices = st.decimals(min_value=D("0"), max_value=D("1000000"), places=2)
discounts = st.decimals(min_value=D("0"), max_value=D("1"), places=4)
rates = st.decimals(min_value=D("0"), max_value=D("1"), places=4)
counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=200, deadline=None)
@given(count=counts, base_price=prices, further_discount=discounts)
def test_total_never_falls_when_a_participant_is_added(count, base_price, further_discount):
    before = participant_prices(count, base_price=base_price, further_discount=further_discount)
    after = participant_prices(count + 1, base_price=base_price, further_discount=further_discount)
    assert sum(after) >= sum(before)
    assert after[: len(before)] == before  # adding someone never reprices those already in


@settings(max_examples=200, deadline=None)
@given(count=counts, base_price=prices, further_discount=discounts)
def test_no_participant_price_is_below_zero_or_above_the_base_price(
    count, base_price, further_discount
):
    result = participant_prices(count, base_price=base_price, further_discount=further_discount)
    assert len(result) == count
    assert all(D("0") <= price <= base_price for price in result)


@settings(max_examples=200, deadline=None)
@given(
    net_amounts=st.lists(
        st.decimals(min_value=D("-100000"), max_value=D("1000000"), places=3), max_size=20
    ),
    vat_rate=rates,
)
def test_gross_is_net_plus_vat_per_line_and_totals_add_up(net_amounts, vat_rate):
    quote = vat_breakdown(net_amounts, vat_rate=vat_rate)
    assert isinstance(quote, Quote)
    for line, amount in zip(quote.lines, net_amounts, strict=True):
        assert line.net == round_ore(amount)
        assert line.gross == line.net + line.vat
        assert abs(line.vat - line.net * vat_rate) <= D("0.005")
        assert all(value.as_tuple().exponent == -2 for value in (line.net, line.vat, line.gross))
    assert quote.net_total == sum((line.net for line in quote.lines), D("0"))
    assert quote.vat_total == sum((line.vat for line in quote.lines), D("0"))
    assert quote.gross_total == quote.net_total + quote.vat_total
