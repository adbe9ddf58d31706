"""Similar municipalities: the nearest on a few structural indicators, standardised.

Each indicator is standardised over the municipalities (z-scores: minus the mean, divided by the
standard deviation), so that no unit outweighs another; an indicator whose values span more than
an order of magnitude (population, density) is first taken on a log scale, so that 10,000 against
20,000 inhabitants differs as much as 100,000 against 200,000 and Copenhagen does not flatten the
rest. The distance between two municipalities is the weighted Euclidean distance over the
indicators both have, scaled to the full weight so that a missing value neither helps nor hurts.
The k nearest are the similar municipalities: the idea of Kolada's "liknande kommuner" (RKA,
Sweden) and of CIPFA's nearest-neighbour comparator groups (UK), with the indicators and weights
chosen by the network's secretariat.

Pure NumPy: no Django import.
"""

import numpy as np

DEFAULT_NEIGHBOURS = 10
LOG_SCALE_RATIO = 10  # an indicator whose largest value is this many times its smallest


def standardised(values: np.ndarray) -> np.ndarray:
    """Each column as z-scores over its present values (on a log scale when it spans an order of
    magnitude); NaN stays NaN, and a column with fewer than two values or no spread is all NaN."""
    values = np.asarray(values, dtype=float)
    result = np.full(values.shape, np.nan)
    for column in range(values.shape[1]):
        present = ~np.isnan(values[:, column])
        data = values[present, column]
        if data.size < 2:
            continue
        if data.min() > 0 and data.max() / data.min() >= LOG_SCALE_RATIO:
            data = np.log(data)
        spread = data.std()
        if spread > 0:
            result[present, column] = (data - data.mean()) / spread
    return result


def distances(values: np.ndarray, weights, index: int) -> np.ndarray:
    """Weighted distance of every row of ``values`` (areas × indicators) to row ``index``, on
    standardised values; NaN where the two share no indicator."""
    weights = np.asarray(weights, dtype=float)
    scores = standardised(values)
    difference = scores - scores[index]
    shared = ~np.isnan(difference)
    weight_shared = (shared * weights).sum(axis=1)
    squared = np.where(shared, difference**2, 0.0) @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = squared * weights.sum() / weight_shared
    return np.where(weight_shared > 0, np.sqrt(scaled), np.nan)


def nearest(values, weights, index: int, k: int = DEFAULT_NEIGHBOURS) -> list[tuple[int, float]]:
    """The ``k`` rows nearest to row ``index`` (itself excluded), nearest first, as (row,
    distance); ties go to the lower row number."""
    found = distances(values, weights, index)
    found[index] = np.nan
    rows = [row for row in np.argsort(found, kind="stable") if not np.isnan(found[row])]
    return [(int(row), float(found[row])) for row in rows[:k]]
