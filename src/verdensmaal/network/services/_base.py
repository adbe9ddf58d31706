"""Pieces the network's writes share: typed keyword arguments (each service names the fields it
takes in a ``TypedDict``, and unknown names are refused before anything is touched) and the audit
changes of a new object."""

from typing import TypedDict

from django.forms.models import model_to_dict

from verdensmaal.audit.services import diff


def checked(fields: dict, allowed: type[TypedDict]) -> dict:
    if unknown := set(fields) - set(allowed.__annotations__):
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    return fields


def created(obj, *fields, exclude=("id",)) -> dict:
    """The audit changes of a new object: every field (or the given ones) from nothing."""
    return diff({}, model_to_dict(obj, fields=fields or None, exclude=list(exclude)))
