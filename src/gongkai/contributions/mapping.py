"""The columns' side: which accept submissions (接受报送) and 栏目映射 between sites.

Set by the column's agency admin (its owner) or the site group's admin (supervisor);
audited on the column page, so the entries stay in its history.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.agencies.policy import Capability, can
from gongkai.casework import ActionError, audit, locked
from gongkai.catalog.models import ColumnPage
from gongkai.contributions.actions import announce
from gongkai.contributions.audit import AUDIT
from gongkai.contributions.models import ColumnIntake, ColumnMapping


def may_manage(user, column) -> bool:
    return can(user, Capability.CONTRIBUTIONS_COLUMNS, column.agency_id)


def _require_manager(user, column) -> None:
    if not may_manage(user, column):
        raise ActionError(
            "只有栏目所属机关的管理员或网站群管理员可以设置",
            "Only the column's agency admin or the site group's admin can set this",
            code="permission",
        )


@transaction.atomic
def do_set_intake(column: ColumnPage, accepts: bool, *, acting_user) -> ColumnIntake:
    """Open ``column`` to submissions from the other sites, or close it (what was submitted
    before may still be decided)."""
    column = locked(ColumnPage, column.pk)
    _require_manager(acting_user, column)
    intake, _created = ColumnIntake.objects.get_or_create(column=column)
    old = intake.accepts
    intake.accepts = bool(accepts)
    intake.set_by = acting_user
    intake.save()
    audit(
        column,
        AUDIT,
        "set_intake",
        user=acting_user,
        old_state="open" if old else "closed",
        new_state="open" if intake.accepts else "closed",
    )
    return intake


@transaction.atomic
def do_map_column(source: ColumnPage, target: ColumnPage, *, acting_user) -> ColumnMapping:
    """栏目映射: list what is published in ``source`` in ``target`` too."""
    target = locked(ColumnPage, target.pk)
    source = ColumnPage.objects.get(pk=source.pk)
    _require_manager(acting_user, target)
    if source.agency_id == target.agency_id:
        raise ActionError(
            "只能映射网站群中其他网站的栏目",
            "Only a column of another site of the group can be mapped",
            code="own_site",
        )
    if ColumnMapping.objects.filter(source=source, target=target).exists():
        raise ActionError("该栏目已映射到此栏目", "This mapping exists already", code="twice")
    mapping = ColumnMapping.objects.create(source=source, target=target, created_by=acting_user)
    audit(
        target,
        AUDIT,
        "map_column",
        user=acting_user,
        source=source.pk,
        source_title=source.title,
        source_agency=source.agency.name,
    )
    announce([target])
    return mapping


@transaction.atomic
def do_unmap_column(mapping: ColumnMapping, *, acting_user) -> None:
    mapping = locked(ColumnMapping, mapping.pk, related=("source", "target"))
    target = mapping.target
    _require_manager(acting_user, target)
    audit(
        target,
        AUDIT,
        "unmap_column",
        user=acting_user,
        source=mapping.source_id,
        source_title=mapping.source.title,
    )
    mapping.delete()
    announce([target])
