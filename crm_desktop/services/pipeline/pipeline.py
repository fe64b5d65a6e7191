"""Opportunities and their moves through the stages of the commercial cycle."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Activity, Opportunity
from crm_desktop.models.enums import STAGE_PROBABILITY, ActivityKind, OpportunityStage
from crm_desktop.services.core import crud


def create_opportunity(session: Session, values: Mapping[str, Any]) -> Opportunity:
    data = dict(values)
    stage = OpportunityStage(data.get("stage") or OpportunityStage.PROSPECTING)
    data.setdefault("probability", STAGE_PROBABILITY[stage])
    return crud.create(session, Opportunity, data)


def update_opportunity(session: Session, opp_id: str, changes: Mapping[str, Any]) -> Opportunity:
    if "stage" in changes:
        rest = {k: v for k, v in changes.items() if k not in ("stage", "lost_reason")}
        move_stage(session, opp_id, str(changes["stage"]), changes.get("lost_reason"))
        return (
            crud.update(session, Opportunity, opp_id, rest)
            if rest
            else crud.get_live(session, Opportunity, opp_id)
        )
    return crud.update(session, Opportunity, opp_id, changes)


def move_stage(
    session: Session,
    opp_id: str,
    stage: str,
    lost_reason: str | None = None,
    note: str | None = None,
) -> Opportunity:
    """Move to stage: default probability, close time, and a stage change on the timeline.

    A lost opportunity keeps the reason chosen from the configured list (so reports count each
    reason once); the rep's own note goes with it on the timeline."""
    opp = crud.get_live(session, Opportunity, opp_id)
    old = opp.stage
    if old == stage:
        return opp
    try:
        target = OpportunityStage(stage)
        probability = STAGE_PROBABILITY[target]
    except ValueError:
        target, probability = None, opp.probability
    changes: dict[str, Any] = {
        "stage": stage,
        "probability": probability,
        "lost_reason": lost_reason,
    }
    changes["closed_at"] = (
        clock_of(session).now() if target is not None and target.is_closed else None
    )
    opp = crud.update(session, Opportunity, opp_id, changes)
    crud.create(
        session,
        Activity,
        {
            "account_id": opp.account_id,
            "owner_id": opp.owner_id,
            "opportunity_id": opp.id,
            "kind": ActivityKind.STAGE_CHANGE.value,
            "occurred_at": clock_of(session).now(),
            "subject": gettext(N_("{name}: {old} → {new}"), name=opp.name, old=old, new=stage),
            "body": " — ".join(part for part in (lost_reason, (note or "").strip()) if part)
            or None,
        },
    )
    return opp


def delete_opportunity(session: Session, opp_id: str) -> Opportunity:
    return crud.tombstone(session, Opportunity, opp_id)
