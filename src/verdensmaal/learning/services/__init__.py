"""The learning app's writes: one function per use case, each checking its permission, in one
transaction with its audit entry."""

from .cases import (
    case_create,
    case_delete,
    case_material_add,
    case_material_delete,
    case_update,
)
from .field import field_observation_create, field_observation_delete, field_observation_update
from .needs import data_need_create, data_need_support, data_need_unsupport, data_need_update
from .notices import revision_digests_send, revision_notices_on_import, revision_notices_record

__all__ = [
    "case_create", "case_delete", "case_material_add", "case_material_delete", "case_update",
    "data_need_create", "data_need_support", "data_need_unsupport", "data_need_update",
    "field_observation_create", "field_observation_delete", "field_observation_update",
    "revision_digests_send", "revision_notices_on_import", "revision_notices_record",
]  # fmt: skip
