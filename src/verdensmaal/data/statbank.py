"""A client for Statistics Denmark's StatBank API (https://api.statbank.dk/v1). No Django.

The API (documented at dst.dk, "Statistikbank API") takes a JSON object POSTed to
``/v1/tableinfo`` (``{"table", "lang", "format": "JSON"}``) and ``/v1/data`` (``{"table",
"format", "lang", "variables": [{"code", "values"}]}``). Variables left out are eliminated
(summed to their total) where the table allows it; time left out means the latest period.

Format: this client asks for ``JSONSTAT``. Each response then carries, for every variable, both
the codes and the labels in a fixed dimension order, so the ``OMRÅDE`` code ``101`` and the period
code ``2020K1`` come back as codes whatever ``lang`` is; numbers are JSON numbers (no decimal
comma to guess at); and the same JSON-stat parser reads uploaded files and live responses. The
price is StatBank's limit for non-streaming formats: at most 1,000,000 cells a request, where
cells = rows × (selected variables + 1, the value), the time variable always counted. The
client computes that from ``tableinfo`` and splits a larger request along one variable (time
first, then the longest), recursively, so every request stays under the limit. The streaming
``BULK`` format has no limit but gives labels or codes (not both), cannot eliminate variables
and needs a CSV dialect guessed from the response; for the municipal tables this product uses,
split JSON-stat requests are few and simple.

Data: StatBank, Danmarks Statistik, CC BY 4.0 ("Kilde: Danmarks Statistik").
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from .parsers.base import (
    N_,
    FieldError,
    ImportValidationError,
    ObservationRow,
    RowError,
    normalise_area,
)
from .parsers.jsonstat import JsonStatMapping, parse_jsonstat

BASE_URL = "https://api.statbank.dk/v1"
CELL_LIMIT = 1_000_000
AREA_VARIABLE = "OMRÅDE"
LANGUAGES = ("da", "en")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_RETRY_AFTER = 60.0


class StatBankError(Exception):
    """The service refused or failed a request. ``message`` is an ``N_`` template."""

    def __init__(self, code: str, message: str, /, **params: Any):
        self.code = code
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


@dataclass(frozen=True)
class VariableValue:
    id: str
    text: str


@dataclass(frozen=True)
class Variable:
    id: str
    text: str
    time: bool
    elimination: bool
    values: tuple[VariableValue, ...]

    @property
    def codes(self) -> list[str]:
        return [value.id for value in self.values]


@dataclass(frozen=True)
class TableInfo:
    id: str
    text: str
    unit: str | None
    updated: str | None
    variables: tuple[Variable, ...]

    def variable(self, code: str) -> Variable:
        """The variable with this code; StatBank matches variable codes without regard to case."""
        for variable in self.variables:
            if variable.id.lower() == code.lower():
                return variable
        raise StatBankError(
            "unknown_variable",
            N_("The table %(table)s has no variable “%(variable)s”. It has: %(found)s."),
            table=self.id,
            variable=code,
            found=", ".join(v.id for v in self.variables),
        )

    @property
    def time_variable(self) -> Variable | None:
        return next((v for v in self.variables if v.time), None)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TableInfo:
        try:
            variables = tuple(
                Variable(
                    id=str(v["id"]),
                    text=str(v.get("text", v["id"])),
                    time=bool(v.get("time", False)),
                    elimination=bool(v.get("elimination", False)),
                    values=tuple(
                        VariableValue(str(item["id"]), str(item.get("text", item["id"])))
                        for item in v.get("values", [])
                    ),
                )
                for v in data["variables"]
            )
            return cls(
                id=str(data["id"]),
                text=str(data.get("text", "")),
                unit=data.get("unit"),
                updated=data.get("updated"),
                variables=variables,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise StatBankError(
                "invalid_response",
                N_("StatBank sent table information in an unexpected shape (%(detail)s)."),
                detail=repr(exc),
            ) from exc


def count_cells(info: TableInfo, selection: Mapping[str, Sequence[str]]) -> int:
    """Cells a request makes by StatBank's rule: rows × (columns + 1 for the value).

    Variables not selected are eliminated (no column, one row each), except time, which is
    always a column and defaults to the latest period.
    """
    rows = math.prod(len(values) for values in selection.values())
    columns = len(selection)
    time_variable = info.time_variable
    if time_variable is not None and not any(
        code.lower() == time_variable.id.lower() for code in selection
    ):
        columns += 1
    return rows * (columns + 1)


def split_selection(
    info: TableInfo, selection: Mapping[str, Sequence[str]], limit: int = CELL_LIMIT
) -> list[dict[str, list[str]]]:
    """Split a selection into requests of at most ``limit`` cells each.

    The split is along the time variable when it has more than one value, otherwise along the
    variable with the most values; a part still too large is split again along the next.
    """
    selection = {code: list(values) for code, values in selection.items()}
    if count_cells(info, selection) <= limit:
        return [selection]
    splittable = [code for code, values in selection.items() if len(values) > 1]
    if not splittable:
        raise StatBankError(
            "request_too_large",
            N_("A single row of table %(table)s is larger than the cell limit."),
            table=info.id,
        )
    time_variable = info.time_variable
    time_code = next(
        (c for c in splittable if time_variable and c.lower() == time_variable.id.lower()), None
    )
    axis = time_code or max(splittable, key=lambda code: len(selection[code]))
    values = selection[axis]
    per_value = count_cells(info, selection) // len(values)
    chunk = max(1, limit // per_value)
    parts: list[dict[str, list[str]]] = []
    for start in range(0, len(values), chunk):
        part = dict(selection)
        part[axis] = values[start : start + chunk]
        parts.extend(split_selection(info, part, limit))
    return parts


def _expand(variable: Variable, requested: Sequence[str], *, areas_only: bool) -> list[str]:
    """Turn codes and ``*`` patterns into the explicit codes, in the table's order."""
    codes = variable.codes
    chosen: set[str] = set()
    for pattern in requested:
        if "*" in pattern:
            head, _, tail = pattern.partition("*")
            if "*" in tail:
                raise StatBankError(
                    "unsupported_selection",
                    N_("Only one * is supported in “%(pattern)s”."),
                    pattern=pattern,
                )
            matched = [
                c
                for c in codes
                if c.lower().startswith(head.lower())
                and c.lower().endswith(tail.lower())
                and len(c) >= len(head) + len(tail)
            ]
            if areas_only:
                matched = [c for c in matched if _is_area(c)]
            chosen.update(matched)
        else:
            match = next((c for c in codes if c.lower() == pattern.lower()), None)
            if match is None:
                raise StatBankError(
                    "unknown_value",
                    N_("The variable %(variable)s has no value “%(value)s”."),
                    variable=variable.id,
                    value=pattern,
                )
            chosen.add(match)
    return [c for c in codes if c in chosen]


def _is_area(code: str) -> bool:
    try:
        normalise_area(code, strict=True)
    except FieldError:
        return False
    return True


class StatBankClient:
    """StatBank client with timeouts and retries.

    ``client``: an ``httpx.Client`` to use (tests pass one with ``httpx.MockTransport``); when
    not given the client makes its own and closes it in :meth:`close`. Retries: connection
    errors, timeouts, 429 and 5xx, up to ``retries`` more attempts, waiting ``backoff × 2ⁿ``
    seconds or the server's ``Retry-After`` (capped at a minute).
    """

    def __init__(
        self,
        *,
        client: httpx.Client | None = None,
        base_url: str = BASE_URL,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.5,
        cell_limit: int = CELL_LIMIT,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._own_client = client is None
        self._client = client or httpx.Client(
            timeout=timeout, headers={"User-Agent": "verdensmaal (+statbank client)"}
        )
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.cell_limit = cell_limit
        self._sleep = sleep

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def __enter__(self) -> StatBankClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- transport --------------------------------------------------------------------------

    def _post(self, function: str, body: dict[str, Any]) -> Any:
        url = f"{self.base_url}/{function}"
        attempt = 0
        while True:
            try:
                response = self._client.post(url, json=body)
            except httpx.TransportError as exc:  # connect errors, timeouts, broken connections
                if attempt >= self.retries:
                    raise StatBankError(
                        "unavailable",
                        N_("StatBank could not be reached (%(detail)s). Try again later."),
                        detail=type(exc).__name__,
                    ) from exc
                self._sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                self._sleep(self._retry_delay(response, attempt))
                attempt += 1
                continue
            if response.status_code != 200:
                raise self._error(response)
            try:
                return response.json()
            except ValueError as exc:
                raise StatBankError(
                    "invalid_response", N_("StatBank sent a response that is not JSON.")
                ) from exc

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.strip().isdigit():
            return min(float(retry_after), MAX_RETRY_AFTER)
        return self.backoff * 2**attempt

    @staticmethod
    def _error(response: httpx.Response) -> StatBankError:
        detail = ""
        try:
            payload = response.json()
            if isinstance(payload, dict):
                detail = str(payload.get("message") or payload.get("errorTypeCode") or "")
        except ValueError:
            detail = response.text[:200]
        return StatBankError(
            "http_error",
            N_("StatBank answered %(status)s: %(detail)s"),
            status=response.status_code,
            detail=detail,
        )

    # --- API --------------------------------------------------------------------------------

    def tableinfo(self, table_id: str, lang: str = "da") -> TableInfo:
        """The table's variables and their values (``/v1/tableinfo``)."""
        _check_lang(lang)
        payload = self._post("tableinfo", {"table": table_id, "lang": lang, "format": "JSON"})
        if not isinstance(payload, dict):
            raise StatBankError(
                "invalid_response", N_("StatBank sent table information in an unexpected shape.")
            )
        return TableInfo.from_json(payload)

    def plan(
        self, info: TableInfo, filters: Mapping[str, Sequence[str]]
    ) -> list[dict[str, list[str]]]:
        """The explicit selections ``fetch`` will request, each under the cell limit.

        ``*`` patterns are expanded from ``tableinfo``; for ``OMRÅDE`` they keep only Denmark
        (000), the regions (081–085) and the municipalities, not *landsdele* or other groupings.
        """
        selection: dict[str, list[str]] = {}
        for code, requested in filters.items():
            variable = info.variable(code)
            values = _expand(
                variable, list(requested), areas_only=variable.id.upper() == AREA_VARIABLE
            )
            if not values:
                raise StatBankError(
                    "empty_selection",
                    N_("Nothing in %(variable)s matches %(requested)s."),
                    variable=variable.id,
                    requested=", ".join(requested),
                )
            selection[variable.id] = values
        return split_selection(info, selection, self.cell_limit)

    def fetch(
        self,
        table_id: str,
        filters: Mapping[str, Sequence[str]],
        *,
        indicator: str | None = None,
        lang: str = "da",
        area_variable: str = AREA_VARIABLE,
        time_variable: str | None = None,
        unit: str | None = None,
        known_areas: Collection[str] | None = None,
        info: TableInfo | None = None,
    ) -> list[ObservationRow]:
        """Fetch data and return observations; ``..`` and empty cells become suppressed rows.

        ``filters``: variable code → value codes (``*`` patterns allowed). Variables not named are
        eliminated by StatBank. The area comes from ``OMRÅDE`` when the table has it (``000`` if
        not); every other selected variable with more than one value becomes a breakdown.
        ``indicator`` defaults to the table id. Raises StatBankError for service problems and
        ImportValidationError if the response does not parse.
        """
        _check_lang(lang)
        if info is None:
            info = self.tableinfo(table_id, lang=lang)
        parts = self.plan(info, filters)
        has_area = any(v.id.upper() == area_variable.upper() for v in info.variables) and any(
            code.upper() == area_variable.upper() for code in parts[0]
        )
        mapping = JsonStatMapping(
            indicator=indicator or info.id,
            area=next((v.id for v in info.variables if v.id.upper() == area_variable.upper()), None)
            if has_area
            else None,
            time=time_variable,
            unit=unit or info.unit,
            strict_areas=True,
        )
        rows: list[ObservationRow] = []
        errors: list[RowError] = []
        first_row = 1  # rows are numbered across the parts, as if fetched at once
        for selection in parts:
            body = {
                "table": info.id,
                "format": "JSONSTAT",
                "lang": lang,
                "variables": [
                    {"code": code, "values": values} for code, values in selection.items()
                ],
            }
            payload = self._post("data", body)
            try:
                rows += parse_jsonstat(
                    payload, mapping, known_areas=known_areas, first_row=first_row
                )
            except ImportValidationError as error:
                errors += error.errors  # and go on: every part's errors are reported together
            first_row += math.prod(len(values) for values in selection.values())
        if errors:
            raise ImportValidationError(errors)
        return rows


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES!r}, not {lang!r}")
