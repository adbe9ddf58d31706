"""Opaque cursors for keyset paging. Plain Python, no Django.

A cursor is the key of the last item a page gave, in the order the items are read, written as
JSON in URL-safe base64. The next page starts after that key, so rows added or removed elsewhere
in the order never shift a page or repeat one (unlike an offset). Clients treat cursors as opaque:
the encoding may change; a tag names what the cursor pages through, so that a cursor of one list
is refused by another.
"""

import base64
import binascii
import json

MAX_LENGTH = 1000  # characters; a longer text is not one of ours
MAX_INTEGER = 2**63 - 1  # the databases' largest integer


class InvalidCursor(ValueError):
    pass


def encode(tag: str, key: tuple) -> str:
    text = json.dumps([tag, *key], separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def decode(tag: str, text: str, types: tuple[type, ...]) -> tuple:
    """The key in ``text``, checked to be a ``tag`` cursor with items of ``types``."""
    if not text or len(text) > MAX_LENGTH:
        raise InvalidCursor("not a cursor")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value = json.loads(raw.decode("ascii"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor("not a cursor") from None
    if not isinstance(value, list) or len(value) != len(types) + 1 or value[0] != tag:
        raise InvalidCursor("not a cursor of this list")
    key = tuple(value[1:])
    # bool is an int to Python, never to us
    if not all(type(item) is kind for item, kind in zip(key, types, strict=True)):
        raise InvalidCursor("not a cursor of this list")
    if any(type(item) is int and abs(item) > MAX_INTEGER for item in key):
        raise InvalidCursor("not a cursor of this list")
    if any(type(item) is str and not _storable(item) for item in key):
        raise InvalidCursor("not a cursor of this list")
    return key


def _storable(text: str) -> bool:
    """Text a database takes: UTF-8 (no lone surrogates) without NUL characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text
