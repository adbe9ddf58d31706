"""Denmark, its regions and municipalities, and the secretariat's peer groups."""

from typing import Literal

from ninja import Router

from verdensmaal.areas import audit_actions
from verdensmaal.areas import selectors as areas_selectors
from verdensmaal.audit.selectors import last_change

from ..caching import modified
from ..common import ONE, READ, found, texts
from ..schemas import AreaDetailOut, AreaOut, CodePath, IdPath, PeerGroupOut

router = Router(tags=["Areas"])


def _area(area) -> dict:
    return {
        "code": area.code,
        "kind": area.kind,
        "name": texts(area, "name"),
        "parent": area.parent.code if area.parent_id else None,
        "dagi_code": area.dagi_code,
        "iso_3166_2": area.iso_3166_2,
        "nuts2": area.nuts2,
        "peer_groups": sorted(group.pk for group in area.peer_groups.all()),
    }


def _peer_group(group) -> dict:
    return {
        "id": group.pk,
        "name": texts(group, "name"),
        "description": texts(group, "description"),
        "municipalities": sorted(area.code for area in group.municipalities.all()),
    }


def _groups_changed(request) -> None:
    modified(request, last_change([audit_actions.PEER_GROUP_SAVED]))


@router.get("/areas", response={200: list[AreaOut], **READ}, summary="Areas")
def areas(request, kind: Literal["country", "region", "municipality"] | None = None):
    """Denmark (000), the 5 regions and the 98 municipalities with Statistics Denmark's codes,
    or those of one ``kind``."""
    _groups_changed(request)
    return [_area(area) for area in areas_selectors.areas(kind or "")]


@router.get("/areas/{code}", response={200: AreaDetailOut, **ONE}, summary="One area")
def area(request, code: CodePath):
    area = found(areas_selectors.area(code), "area")
    _groups_changed(request)
    return {**_area(area), "children": sorted(child.code for child in area.children.all())}


@router.get("/peer-groups", response={200: list[PeerGroupOut], **READ}, summary="Peer groups")
def peer_groups(request):
    """The municipalities the secretariat groups for comparison (by size, urban or rural, …)."""
    _groups_changed(request)
    return [_peer_group(group) for group in areas_selectors.peer_groups()]


@router.get("/peer-groups/{group_id}", response={200: PeerGroupOut, **ONE}, summary="One group")
def peer_group(request, group_id: IdPath):
    group = found(areas_selectors.peer_groups().filter(pk=group_id).first(), "peer group")
    _groups_changed(request)
    return _peer_group(group)
