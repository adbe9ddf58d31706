"""The export writers: pure functions over row dicts, giving the file in pieces."""

import csv
import io

from verdensmaal.data.exports import breakdown_columns, to_csv


def rows(count: int):
    for number in range(count):
        yield {
            "indicator": "A",
            "area": "630",
            "period": str(2000 + number % 20),
            "breakdown": f"sex={'FM'[number % 2]}" if number % 3 else "",
            "value": number / 10 if number % 7 else None,
            "unit": "pct",
            "flags": "suppressed" if not number % 7 else "",
        }


def test_csv_comes_in_pieces_that_make_one_file():
    pieces = list(to_csv(rows(12_001), ["", "sex=F", "sex=M"]))
    assert len(pieces) == 3  # 5,000 rows a piece, then the rest
    table = list(csv.reader(io.StringIO(b"".join(pieces).decode())))
    assert table[0] == ["indicator", "area", "period", "sex", "value", "unit", "flags"]
    assert len(table) == 12_002
    assert table[2] == ["A", "630", "2001", "M", "0.1", "pct", ""]
    assert table[1] == ["A", "630", "2000", "", "", "pct", "suppressed"]  # missing is not zero


def test_breakdown_columns_come_from_the_keys():
    assert breakdown_columns(["", "sex=F", "age=15-24;sex=M"]) == ["age", "sex"]
    assert breakdown_columns([""]) == []
