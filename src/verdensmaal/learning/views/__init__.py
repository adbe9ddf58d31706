"""The learning pages: cases, field visits, the peer finder, shared ambition, the network in one
view, data needs and revision notices. Thin: reads through the selectors, writes through the
services."""

from .cases import (  # noqa: F401 - the pages, for urls.py
    case_create,
    case_delete,
    case_detail,
    case_edit,
    case_list,
    case_list_download,
    case_material,
    case_material_add,
    case_material_delete,
    home,
)
from .field_visits import (  # noqa: F401 - the pages, for urls.py
    field_visits,
    observation_create,
    observation_delete,
    observation_edit,
)
from .measures import (  # noqa: F401 - the pages, for urls.py
    ambition,
    ambition_download,
    network,
    peers,
    season_report,
    season_report_download,
)
from .needs import (  # noqa: F401 - the pages, for urls.py
    data_need_create,
    data_need_edit,
    data_need_status,
    data_need_support,
    data_need_unsupport,
    data_needs,
    data_needs_download,
    notices,
)
