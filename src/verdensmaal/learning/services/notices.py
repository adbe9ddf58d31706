"""Revision notices: after an import, what it changed in each municipality's progress, kept for
its editors and sent to them in a digest by the reminders run.

The state compared is the one stored at the previous notice run (``ProgressSnapshot``): the
SDSN dashboard of the current data (``dashboards.sdg_index.dashboard``, kept per data version, so
the pages then read it without computing it again) and the statuses of the municipality's local
targets under the network's default method. A municipality seen for the first time gets its
snapshot and no notice: there is nothing to compare with.
"""

import logging
import re
from datetime import timedelta

from django.db import transaction

from verdensmaal.accounts.models import Organisation, User
from verdensmaal.audit.services import log_action
from verdensmaal.dashboards.sdg_index import dashboard
from verdensmaal.measurement.models import ProgressSettings
from verdensmaal.network.models import SentReminder

from .. import audit_actions
from ..changes import progress_changes
from ..emails import revision_digest_message
from ..models import ProgressSnapshot, RevisionNotice
from ..selectors import notified_organisations, progress_state

logger = logging.getLogger(__name__)
DIGEST_WINDOW = timedelta(days=14)  # a digest tells of notices at most this old
DIGEST_KEY = "revision-digest:user:{user}:last:{notice}"


def revision_notices_on_import(sender, *, data_import, **kwargs) -> None:
    """The receiver of ``data.services.import_applied``."""
    notices = revision_notices_record(data_import=data_import)
    logger.info("import %s: %s revision notices", data_import.pk, len(notices))


def revision_notices_record(*, data_import=None) -> list[RevisionNotice]:
    """Compare each municipality's progress now with its snapshot; store a notice where
    something changed, and the new snapshot. One run at a time: the municipalities' rows are
    locked while it compares."""
    organisations = notified_organisations()
    if not organisations:
        return []
    settings = ProgressSettings.current()
    notices = []
    with transaction.atomic():
        list(
            Organisation.objects.select_for_update(of=("self",))
            .filter(pk__in=[o.pk for o in organisations])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        board = dashboard(base_year=settings.base_year)
        snapshots = {
            s.organisation_id: s
            for s in ProgressSnapshot.objects.filter(organisation__in=organisations)
        }
        for organisation in organisations:
            after = progress_state(organisation, board, method=settings.default_method)
            snapshot = snapshots.get(organisation.pk)
            if snapshot is None:
                ProgressSnapshot.objects.create(organisation=organisation, state=after)
                continue
            if changes := progress_changes(snapshot.state, after):
                notices.append(
                    RevisionNotice.objects.create(
                        organisation=organisation, data_import=data_import, changes=changes
                    )
                )
            snapshot.state = after
            snapshot.save(update_fields=["state", "updated_at"])
        if notices:
            log_action(
                actor=None,
                action=audit_actions.REVISION_NOTICES_RECORDED,
                obj=data_import,
                changes={"notices": [None, len(notices)]},
            )
    return notices


def _last_digested(user: User) -> int:
    """The id of the newest notice already sent to ``user`` (0 when none was)."""
    prefix = DIGEST_KEY.format(user=user.pk, notice="")
    keys = SentReminder.objects.filter(key__startswith=prefix).values_list("key", flat=True)
    return max((int(m.group(1)) for k in keys if (m := re.search(r":(\d+)$", k))), default=0)


def revision_digests_send(*, now, remind) -> int:
    """One e-mail to each active editor with the notices of their municipality not sent to them
    before (and not older than ``DIGEST_WINDOW`` or their account). ``remind(key, message)``
    records the digest under a key naming its newest notice, so a digest is never sent twice."""
    sent = 0
    since = now - DIGEST_WINDOW
    editors = (
        User.objects.filter(
            role=User.Role.EDITOR,
            is_active=True,
            organisation__revision_notices__created_at__gte=since,
        )
        .exclude(email="")
        .select_related("organisation")
        .distinct()
        .order_by("pk")
    )
    for user in editors:
        notices = list(
            RevisionNotice.objects.filter(
                organisation_id=user.organisation_id,
                pk__gt=_last_digested(user),
                created_at__gte=max(since, user.date_joined),
                created_at__lte=now,
            ).order_by("pk")
        )
        if not notices:
            continue
        key = DIGEST_KEY.format(user=user.pk, notice=notices[-1].pk)
        sent += remind(key, revision_digest_message(user, notices))
    return sent
