"""Sample observations for every catalogue indicator, clearly labelled as demo data.

Generated reproducibly (a fixed seed) for every municipality, region and Denmark from 2010 to the
latest full year, inside each indicator's plausible range, so every page has something to show.
Real StatBank data replaces it with ``verdensmaal statbank --catalogue`` where the network is
reachable.
"""

from decimal import Decimal

import numpy as np

from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Indicator

from .parsers import ObservationRow
from .services import import_apply, import_plan

DEMO_SEED = 2020
FIRST_YEAR = 2010
LAST_YEAR = 2025
ELECTION_YEARS = (2013, 2017, 2021, 2025)  # municipal elections
DEMO_SOURCE = "Demo data (generated, not real statistics)"


def demo_rows() -> list[ObservationRow]:
    rng = np.random.default_rng(DEMO_SEED)
    municipalities = list(
        Area.objects.filter(kind=Area.Kind.MUNICIPALITY).values_list("code", "parent__code")
    )
    regions = sorted({region for _code, region in municipalities})
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    rows: list[ObservationRow] = []
    for indicator in Indicator.objects.exclude(demo_min=None).order_by("code"):
        low, high = indicator.demo_min, indicator.demo_max
        span = high - low
        better = -1.0 if indicator.direction == Indicator.Direction.LOWER else 1.0
        base = rng.uniform(low + 0.15 * span, high - 0.15 * span, len(municipalities))
        # Most municipalities improve a little each year, some stand still or slip back.
        drift = rng.normal(better * 0.012 * span, 0.012 * span, len(municipalities))
        noise = rng.normal(0, 0.01 * span, (len(municipalities), len(years)))
        values = np.clip(base[:, None] + drift[:, None] * (years - FIRST_YEAR) + noise, low, high)
        decimals = 1 if span >= 10 else 2 if span >= 1 else 3
        values = np.round(values, decimals)
        wanted = np.isin(years, ELECTION_YEARS) if indicator.frequency == "election" else years > 0
        series = {code: values[i] for i, (code, _region) in enumerate(municipalities)}
        for region in regions:
            members = [i for i, (_c, r) in enumerate(municipalities) if r == region]
            series[region] = np.round(values[members].mean(axis=0), decimals)
        series["000"] = np.round(values.mean(axis=0), decimals)
        for area, area_values in series.items():
            for year, value, keep in zip(years, area_values, wanted, strict=True):
                if keep:
                    rows.append(
                        ObservationRow(
                            0, indicator.code, area, str(year), Decimal(repr(float(value))),
                            None, (), frozenset(),
                        )
                    )  # fmt: skip
    return rows


def demo_observations_load() -> int:
    """Load (or, when the catalogue changed, complete) the demo observations."""
    plan = import_plan(actor=None, rows=demo_rows())
    if plan.new or plan.changed:
        import_apply(actor=None, plan=plan, source_name=DEMO_SOURCE, format="demo", is_demo=True)
    return plan.rows_total
