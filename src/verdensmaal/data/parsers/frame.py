"""Plain CSV text read by polars' CSV reader (compiled, multi-threaded), every cell as text.

The same reading as :mod:`.columnar` (that module's docstring says what a plain text is), with
the splitting into cells, the distinct texts of a column and the numbers of a column done in
compiled code: polars reads the cells as text only (no type inference), and the cells are
then checked and converted exactly as :class:`.columnar.TextColumns` checks and converts them:
the same number syntax (``1234``, ``-4.5``, ``12,5``, ``..``, empty; at most EXACT_DIGITS
characters), the same ambiguous ``632.340``. Anything not plain gives None and the csv module
reads the file, reporting every error with its row and column.

polars (MIT licence, https://pola.rs) is imported when a plain file is read, not at start-up.
"""

from __future__ import annotations

import io

import numpy as np

from .base import EXACT_DIGITS, SUPPRESSED_MARKER
from .columnar import Factors, PlainNumbers

# a plain number: an optional minus, digits with at most one decimal point or comma
_PLAIN = r"^-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)$"
_AMBIGUOUS = r"^-?[0-9]{1,3}\.[0-9]{3}$"  # 632.340: see NumberStyle


class FrameColumns:
    """The cells after the header of a plain CSV text, read by polars, column by column."""

    def __init__(self, frame, width: int):
        self.frame, self.width = frame, width
        self.numbers = range(2, frame.height + 2)

    def __len__(self) -> int:
        return self.width

    def _column(self, column: int):
        return self.frame.to_series(column)

    def texts(self, column: int) -> list[str]:
        return self._column(column).to_list()

    def factors(self, column: int) -> Factors:
        import polars as pl

        cells = self._column(column)
        distinct = cells.unique()
        codes = cells.cast(pl.Enum(distinct)).to_physical().to_numpy()
        return Factors(distinct.to_list(), codes.astype(np.int64))

    def plain_numbers(self, column: int) -> PlainNumbers | None:
        """As :meth:`.columnar.TextColumns.plain_numbers`."""
        import polars as pl

        cell = pl.col("cell")
        number = (cell != SUPPRESSED_MARKER) & (cell != "")
        read = (
            self._column(column)
            .rename("cell")
            .to_frame()
            .select(  # one pass over the column, its expressions in parallel
                longest=cell.str.len_bytes().max(),
                plain=(cell.str.contains(_PLAIN) | ~number).all(),
                comma=(cell.str.contains(",", literal=True) & number).any(),
                ambiguous=cell.str.contains(_AMBIGUOUS),
                point=(cell.str.contains(".", literal=True) & number),
                suppressed=cell == SUPPRESSED_MARKER,
                value=pl.when(number).then(cell.str.replace(",", ".", literal=True)),
            )
        )
        if not read.height:
            return None
        if read["longest"][0] > EXACT_DIGITS or not read["plain"][0]:
            return None
        values = read["value"].cast(pl.Float64).to_list()
        ambiguous = read["ambiguous"]
        positions = np.flatnonzero(ambiguous.to_numpy()).tolist()
        texts = self._column(column).filter(ambiguous).to_list()
        return PlainNumbers(
            values,
            read["suppressed"].to_numpy(),
            list(zip(positions, texts, strict=True)),
            bool(read["comma"][0]),
            bool((read["point"] & ~ambiguous).any()),
        )


def frame_columns(
    text: str, delimiter: str, width: int, encoded: bytes | None = None
) -> FrameColumns | None:
    """The body of a plain CSV text (see :mod:`.columnar`), or None. ``encoded``: the text in
    UTF-8, if the caller has it (the file's own bytes): not encoded again."""
    data = text.encode() if encoded is None else encoded
    if b'"' in data or len(delimiter) != 1:
        return None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None  # a lone carriage return: the csv module says where it breaks a line
    if b"\n\n" in data:
        return None  # a blank line: the csv module skips it
    if not data.endswith(b"\n"):
        data += b"\n"
    lines = data.count(b"\n")
    if lines < 2 or data.count(delimiter.encode()) != (width - 1) * lines:
        return None  # no line after the header, or a line of another width (see below)
    import polars as pl

    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            has_header=False,
            skip_rows=1,
            separator=delimiter,
            quote_char=None,
            schema={f"column {column}": pl.String for column in range(width)},
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return None  # a line with more cells than the header
    # no line has more cells (polars refuses it), and all lines have as many separators as
    # they would with exactly `width` cells each: so each has; polars reads empty cells as null
    if frame.height != lines - 1:
        return None
    return FrameColumns(frame.fill_null(""), width)
