"""Typed keyword arguments for the network's writes: each service names the fields it takes in a
``TypedDict``, and unknown names are refused before anything is touched."""

from typing import TypedDict


def checked(fields: dict, allowed: type[TypedDict]) -> dict:
    if unknown := set(fields) - set(allowed.__annotations__):
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return fields
