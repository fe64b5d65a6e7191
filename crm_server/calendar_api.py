"""Endpoints of the calendar feed: the feed itself (no login: its token is in the address) and
the signed-in user's request for a new address or its end."""

# No `from __future__ import annotations`: FastAPI reads the `who` dependency passed in at
# install time from each handler's evaluated annotations.
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from sqlalchemy import Connection
from starlette.exceptions import HTTPException

from crm_desktop.sync import protocol as P
from crm_server import auth, calendar_feed


class CalendarResponse(Response):
    """An iCalendar answer: the document names its media type (not JSON)."""

    media_type = "text/calendar; charset=utf-8"


def install(
    app: FastAPI,
    api: APIRouter,
    tx: Callable[[Callable[[Connection], Any]], Any],
    now: Callable[[], float],
    who_dep: Any,
    check_versions: Callable[[int | None, int | None], None],
) -> None:
    @app.get(
        "/v1/calendar/{token}.ics",
        response_class=CalendarResponse,
        responses={
            200: {"description": "The calendar (iCalendar, RFC 5545)."},
            404: {"model": P.ErrorBody},
        },
    )
    def calendar(token: str) -> Response:
        """A user's planned visits and open reminders (iCalendar), for calendar programs: the
        token in the address is the only credential (`crm-server calendar-token`)."""
        at = now()

        def work(conn: Connection) -> bytes | None:
            user_id = calendar_feed.user_of(conn, token)
            return None if user_id is None else calendar_feed.feed(conn, user_id, at)

        body = tx(work)
        if body is None:
            raise HTTPException(404, "There is no calendar at this address.")
        return CalendarResponse(body, headers={"Cache-Control": "private, max-age=300"})

    @api.post("/v1/calendar/token")
    def calendar_token(
        body: P.CalendarTokenRequest,
        who: who_dep,
    ) -> P.CalendarTokenResponse:
        """Issue (revoking the previous) or revoke the signed-in user's calendar address."""
        check_versions(body.protocol, body.schema_version)
        at = now()

        def work(conn: Connection) -> str | None:
            auth.check_active(conn, who)
            if body.revoke:
                calendar_feed.revoke(conn, who.user_id, at)
                return None
            return calendar_feed.issue(conn, who.user_id, at)

        token = tx(work)
        return P.CalendarTokenResponse(path=None if token is None else f"/v1/calendar/{token}.ics")
