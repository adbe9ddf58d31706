"""Plain CSV text read a column at a time with NumPy, without a Python string per cell.

A file of a million rows and six columns has six million cells but only a few hundred distinct
codes (indicators, areas, periods, breakdowns) and a million values. Splitting it into strings
costs six million objects; here the cells stay byte positions in the file's UTF-8 text. A key
column's cells are told apart by their bytes, read eight at a time as integers (a cell of up to
eight bytes is one integer, a longer one a hash of its words, checked word by word against the
first cell with that hash), so each distinct text becomes a Python string once. A column of
plain numbers (``1234``, ``-4.5``, ``12,5``, ``..``, empty) becomes floats in one conversion.

Only plain text is read so: no quotation marks, no carriage returns, every line exactly as
many cells as the header. Anything else gives None, and the csv module reads the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .base import EXACT_DIGITS, SUPPRESSED_MARKER

NEWLINE = ord("\n")
# the low n bytes of a word, for n = 0..8
_KEEP = np.array([(1 << (8 * n)) - 1 for n in range(8)] + [0xFFFF_FFFF_FFFF_FFFF], np.uint64)
_MIX = np.uint64(0x9E37_79B9_7F4A_7C15)  # odd: multiplying by it mixes the bits (golden ratio)


class Factors(NamedTuple):
    """A column as its distinct texts and, per row, the position of the row's text in them."""

    texts: list[str]
    codes: np.ndarray


def factorize(column: Sequence) -> Factors:
    """Factors of a column of values (strings, tuples: anything hashable)."""
    index = {text: number for number, text in enumerate(dict.fromkeys(column))}
    return Factors(list(index), np.fromiter(map(index.__getitem__, column), np.int64, len(column)))


class PlainNumbers(NamedTuple):
    """A column of plain numbers: what :class:`.base.NumberStyle` needs to know of it."""

    values: list[float | None]
    suppressed: np.ndarray  # per row: the cell is Statistics Denmark's ".."
    ambiguous: list[tuple[int, str]]  # (row index, text) of the cells like 632.340
    comma: bool  # a cell with a decimal comma
    point: bool  # a cell with a decimal point that cannot be a thousands dot


class TextColumns:
    """The cells after the header of a plain CSV text, as byte positions, column by column."""

    def __init__(self, data: bytes, starts: np.ndarray, ends: np.ndarray, width: int):
        self.data = data + bytes(8)  # words are read up to eight bytes past a cell's start
        self.bytes = np.frombuffer(self.data, np.uint8)
        # the eight bytes from each position, as one little-endian integer
        self.words = np.ndarray((len(data) + 1,), "<u8", self.data, 0, (1,))
        self.starts, self.ends, self.width = starts, ends, width
        self.numbers = range(2, len(starts) // width + 2)

    def __len__(self) -> int:
        return self.width

    def _cells(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        return self.starts[column :: self.width], self.ends[column :: self.width]

    def texts(self, column: int) -> list[str]:
        starts, ends = self._cells(column)
        data = self.data
        pairs = zip(starts.tolist(), ends.tolist(), strict=True)
        return [data[start:end].decode() for start, end in pairs]

    def _word(self, starts: np.ndarray, lengths: np.ndarray, word: int) -> np.ndarray:
        """The ``word``-th eight bytes of each cell, zero past its end."""
        left = np.clip(lengths - 8 * word, 0, 8)
        at = np.minimum(starts + 8 * word, len(self.words) - 1)  # past the cell: masked anyway
        return self.words[at] & _KEEP[left]

    def factors(self, column: int) -> Factors | None:
        starts, ends = self._cells(column)
        lengths = ends - starts
        count = (int(lengths.max()) + 7) // 8 if len(lengths) else 0
        if count <= 1:  # eight bytes or fewer: the word is the text
            key = self._word(starts, lengths, 0) if count else np.zeros(len(starts), np.uint64)
            _, first, codes = np.unique(key, return_index=True, return_inverse=True)
        else:
            key = lengths.astype(np.uint64)
            for word in range(count):
                key = (key ^ self._word(starts, lengths, word)) * _MIX
            _, first, codes = np.unique(key, return_index=True, return_inverse=True)
            # a hash tells texts apart only almost surely: check each cell against the first
            # cell with its hash, word by word
            same = lengths == lengths[first][codes]
            for word in range(count):
                same &= self._word(starts, lengths, word) == self._word(
                    starts[first][codes], lengths, word
                )
            if not same.all():
                return None  # two texts with one hash: the csv module reads the file
        data = self.data
        pairs = zip(starts[first].tolist(), ends[first].tolist(), strict=True)
        texts = [data[start:end].decode() for start, end in pairs]
        return Factors(texts, codes.astype(np.int64, copy=False))

    def plain_numbers(self, column: int) -> PlainNumbers | None:
        """The column's numbers, if every cell is a plain number of at most EXACT_DIGITS
        characters (``-`` digits, one decimal point or comma), ``..`` or empty."""
        starts, ends = self._cells(column)
        lengths = ends - starts
        size = len(starts)
        longest = int(lengths.max()) if size else 0
        if longest > EXACT_DIGITS:
            return None
        # the cells as rows of bytes, zero past their ends
        cells = np.zeros((size, 16), np.uint8)
        words = cells.view("<u8")
        for word in range((longest + 7) // 8):
            words[:, word] = self._word(starts, lengths, word)
        marker = np.frombuffer(SUPPRESSED_MARKER.encode().ljust(16, b"\0"), np.uint8)
        suppressed = (cells == marker).all(axis=1)
        empty = lengths == 0
        number = ~(suppressed | empty)
        digit = (cells >= ord("0")) & (cells <= ord("9"))
        point, comma, minus = cells == ord("."), cells == ord(","), cells == ord("-")
        inside = np.arange(16) < lengths[:, None]
        plain = (
            not (inside & ~(digit | point | comma | minus))[number].any()
            and not minus[:, 1:].any()
            and ((point | comma).sum(axis=1)[number] <= 1).all()
            and digit.any(axis=1)[number].all()
        )
        if not plain:
            return None
        has_comma = comma.any(axis=1) & number
        cells[comma] = ord(".")
        cells[~number] = 0
        cells[~number, 0] = ord("0")
        floats = cells.view("S16").ravel().astype(np.float64)
        values = floats.tolist()
        if not number.all():
            for index in np.flatnonzero(~number).tolist():
                values[index] = None
        # 632.340: one to three digits, a point, three digits (see NumberStyle)
        dot = point.argmax(axis=1)
        has_point = point.any(axis=1) & number
        whole = dot - minus[:, 0]
        ambiguous = has_point & (lengths - dot == 4) & (whole >= 1) & (whole <= 3)
        data = self.data
        return PlainNumbers(
            values,
            suppressed,
            [(int(i), data[starts[i] : ends[i]].decode()) for i in np.flatnonzero(ambiguous)],
            bool(has_comma.any()),
            bool((has_point & ~ambiguous).any()),
        )


def text_columns(
    text: str, delimiter: str, width: int, encoded: bytes | None = None
) -> TextColumns | None:
    """The body of a plain CSV text (see the module's docstring), or None. ``encoded``: the
    text in UTF-8, if the caller has it."""
    data = text.encode() if encoded is None else encoded
    if b'"' in data or len(delimiter) != 1:
        return None
    data = data.replace(b"\r\n", b"\n")
    if b"\r" in data:
        return None  # a lone carriage return: the csv module says where it breaks a line
    if not data.endswith(b"\n"):
        data += b"\n"
    cells = np.frombuffer(data, np.uint8)
    separators = np.flatnonzero((cells == ord(delimiter)) | (cells == NEWLINE))
    if len(separators) % width or len(separators) < 2 * width:
        return None  # ragged, or no line after the header
    kinds = cells[separators].reshape(-1, width)
    if (kinds[:, -1] != NEWLINE).any() or (kinds[:, :-1] == NEWLINE).any():
        return None  # a line of another width
    if len(data) < 2**31 - 8:  # positions in half the memory
        separators = separators.astype(np.int32)
    ends = separators[width:]
    starts = separators[width - 1 : -1] + 1
    if width == 1 and (ends == starts).any():
        return None  # a blank line: the csv module skips it rather than read an empty cell
    return TextColumns(data, starts, ends, width)
