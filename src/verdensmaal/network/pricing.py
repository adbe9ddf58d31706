"""Participant prices and VAT for the network's seasons, as pure functions over Decimals.

The price rule comes from the network announcement (2020-21 season): "Deltagerpris er 10.000 kr.
for et medlem og 25 pct. rabat for yderligere deltagere fra samme kommune" - the first participant
from a member pays the base price, each further participant from the same member pays the base
price less the further-participant discount.

The base price and the discount are arguments, not constants: a season stores its own rule, and a
registration freezes the prices computed here, so that a later change of the rule never changes an
existing registration or invoice.

All money is ``Decimal`` in DKK, rounded to øre (two places) with ``ROUND_HALF_UP``, the rounding
that EN 16931 (business rule BR-CO-17) and Danish invoicing practice use. Floats are refused: a
binary fraction cannot represent 0.10 kr. exactly, and an invoice must add up to the øre.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "DEMO_BASE_PRICE",
    "DEMO_FURTHER_DISCOUNT",
    "DEMO_VAT_RATE",
    "ORE",
    "Quote",
    "QuoteLine",
    "participant_prices",
    "quote_participants",
    "round_ore",
    "vat_breakdown",
]

ORE = Decimal("0.01")
"""The smallest Danish currency unit; every amount is quantized to it."""

DEMO_BASE_PRICE = Decimal("10000.00")
"""Price of the first participant from a member in the 2020-21 announcement."""

DEMO_FURTHER_DISCOUNT = Decimal("0.25")
"""Discount for each further participant from the same member in the 2020-21 announcement."""

DEMO_VAT_RATE = Decimal("0.25")
"""Danish standard VAT rate (moms), 25 %, as a fraction."""


def _require_decimal(value: object, name: str) -> Decimal:
    """Return ``value`` if it is a finite Decimal, else raise a ValueError/TypeError naming it."""
    # bool is an int subclass and float is what we most want to keep out, so check explicitly.
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise TypeError(
            f"{name} must be a decimal.Decimal, not {type(value).__name__} ({value!r}); "
            "money is never a float"
        )
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite amount, got {value}")
    return value


def round_ore(amount: Decimal) -> Decimal:
    """Round a Decimal amount to øre (two places) with ROUND_HALF_UP.

    Raises TypeError for anything that is not a Decimal (floats in particular).
    """
    return _require_decimal(amount, "amount").quantize(ORE, rounding=ROUND_HALF_UP)


def participant_prices(
    count: int, *, base_price: Decimal, further_discount: Decimal
) -> list[Decimal]:
    """Return the price of each of ``count`` participants from one member in one season.

    The first participant pays ``base_price``; every further participant pays ``base_price``
    less ``further_discount`` (a fraction: ``Decimal("0.25")`` is 25 %). Each price is rounded
    to øre. Zero participants cost nothing (an empty list).

    >>> participant_prices(3, base_price=Decimal("10000.00"), further_discount=Decimal("0.25"))
    [Decimal('10000.00'), Decimal('7500.00'), Decimal('7500.00')]

    Raises:
        TypeError: ``count`` is not an int, or a price/discount is not a Decimal.
        ValueError: ``count`` or ``base_price`` is negative, or ``further_discount`` lies
            outside 0..1.
    """
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"count must be an int, not {type(count).__name__} ({count!r})")
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    _require_decimal(base_price, "base_price")
    _require_decimal(further_discount, "further_discount")
    if base_price < 0:
        raise ValueError(f"base_price must not be negative, got {base_price}")
    if not Decimal(0) <= further_discount <= Decimal(1):
        raise ValueError(
            f"further_discount must be a fraction between 0 and 1 (0.25 = 25 %), "
            f"got {further_discount}"
        )
    if count == 0:
        return []
    first = round_ore(base_price)
    further = round_ore(base_price * (Decimal(1) - further_discount))
    return [first] + [further] * (count - 1)


@dataclass(frozen=True)
class QuoteLine:
    """One priced line: net amount, the VAT on it and the gross amount, all in øre."""

    net: Decimal
    vat: Decimal
    gross: Decimal


@dataclass(frozen=True)
class Quote:
    """Lines with VAT and their totals.

    VAT is rounded per line and the totals are the sums of the rounded lines, never recomputed
    from the total net amount: every figure printed on the invoice must add up when a reader
    (or the municipality's accounts payable) sums the lines, so ``net_total + vat_total ==
    gross_total`` and each total equals the sum of its column exactly.

    Note for the e-invoice: EN 16931 computes the VAT per VAT category (rate) from the summed
    net amounts (BR-CO-17). The two ways agree whenever each line's VAT is exact in øre (so for
    every price in whole kroner at 25 %); otherwise they can differ by at most half an øre per
    line. ``verdensmaal.network.ubl`` applies the EN 16931 rule to the document it builds.
    """

    vat_rate: Decimal
    lines: tuple[QuoteLine, ...]
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal


def vat_breakdown(net_amounts: Iterable[Decimal], *, vat_rate: Decimal) -> Quote:
    """Add VAT at ``vat_rate`` (a fraction: ``Decimal("0.25")`` is 25 %) on top of net amounts.

    Each line's net amount is rounded to øre, its VAT is ``net * vat_rate`` rounded to øre
    (ROUND_HALF_UP) and its gross is ``net + vat``. Totals are sums of the lines (see
    :class:`Quote` for why). Net amounts may be negative (a correction line); the rate may not.

    Raises:
        TypeError: an amount or the rate is not a Decimal.
        ValueError: the rate lies outside 0..1.
    """
    _require_decimal(vat_rate, "vat_rate")
    if not Decimal(0) <= vat_rate <= Decimal(1):
        raise ValueError(
            f"vat_rate must be a fraction between 0 and 1 (0.25 = 25 %), got {vat_rate}"
        )
    lines = []
    for index, amount in enumerate(net_amounts):
        net = round_ore(_require_decimal(amount, f"net_amounts[{index}]"))
        vat = round_ore(net * vat_rate)
        lines.append(QuoteLine(net=net, vat=vat, gross=net + vat))
    zero = Decimal("0.00")
    return Quote(
        vat_rate=vat_rate,
        lines=tuple(lines),
        net_total=sum((line.net for line in lines), zero),
        vat_total=sum((line.vat for line in lines), zero),
        gross_total=sum((line.gross for line in lines), zero),
    )


def quote_participants(
    count: int,
    *,
    base_price: Decimal,
    further_discount: Decimal,
    vat_rate: Decimal,
) -> Quote:
    """Price ``count`` participants from one member and add VAT: one quote line per participant.

    A convenience composition of :func:`participant_prices` and :func:`vat_breakdown`; the
    arguments and errors are theirs.
    """
    prices: Sequence[Decimal] = participant_prices(
        count, base_price=base_price, further_discount=further_discount
    )
    return vat_breakdown(prices, vat_rate=vat_rate)
