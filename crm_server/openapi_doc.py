"""The OpenAPI document's links (which answer feeds which next request: a login's refresh token
to a refresh, a pull's cursor to the next pull…) and the protocol versions this server speaks.

Written for whoever writes a client, and read by schemathesis' stateful phase
(tests/sync/test_fuzz.py), which follows the links to chain requests: sessions rotated, reused
and ended, a push then a pull of the same laptop, page after page, a calendar address fetched.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from crm_desktop.sync import protocol as P

# Values a follow-up request repeats from the request before it (they were good: it got 200).
_SAME_LAPTOP = {
    "protocol": "$request.body#/protocol",
    "schema_version": "$request.body#/schema_version",
    "client_id": "$request.body#/client_id",
}
_VERSIONS = {k: v for k, v in _SAME_LAPTOP.items() if k != "client_id"}


def _ref(path: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/post"


def _link(target: str, description: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"operationRef": _ref(target), "description": description, "requestBody": body}


def _links() -> dict[str, dict[str, dict[str, Any]]]:
    """Source path → link name → link (every source is a POST answered 200)."""
    token = "$response.body#/refresh_token"
    pull, refresh, logout = "/v1/sync/pull", "/v1/auth/refresh", "/v1/auth/logout"
    return {
        "/v1/auth/login": {
            "Refresh": _link(refresh, "Trade the session's refresh token for new tokens.", {
                "refresh_token": token,
            }),
            "Logout": _link(logout, "End this session.", {"refresh_token": token}),
        },
        refresh: {
            "RefreshAgain": _link(refresh, "The next rotation uses the new refresh token.", {
                "refresh_token": token,
            }),
            "ReuseRotated": _link(
                refresh,
                "The token just traded is spent: presenting it again is refused (401) and "
                "ends its whole family, the new token included.",
                {"refresh_token": "$request.body#/refresh_token"},
            ),
            "Logout": _link(logout, "End this session.", {"refresh_token": token}),
        },
        "/v1/sync/push": {
            "PullAfterPush": _link(pull, "A sync pulls after its push, as the same laptop.", {
                **_SAME_LAPTOP,
            }),
            "PushAgain": _link(
                "/v1/sync/push",
                "A push sent again (its answer was lost) is answered from the stored results: "
                "no op is applied twice.",
                {**_SAME_LAPTOP, "ops": "$request.body#/ops"},
            ),
            "UnlockVerifier": _link(
                "/v1/laptop/unlock-verifier", "Asked at the end of every sync.", {**_SAME_LAPTOP}
            ),
        },
        pull: {
            "NextPage": _link(pull, "The next page starts at this page's cursor (and asks "
                "again for the rows listed in `refetch_left`, when there are any).", {
                **_SAME_LAPTOP, "cursor": "$response.body#/cursor",
            }),
        },
        "/v1/sync/bootstrap": {
            "NextPage": _link("/v1/sync/bootstrap", "The snapshot's next page.", {
                **_SAME_LAPTOP,
                "tables": "$request.body#/tables",
                "table": "$response.body#/table",
                "after": "$response.body#/after",
            }),
            "PullAfterBootstrap": _link(
                pull, "Once the snapshot is done, the same laptop pulls (from the cursor its "
                "first page gave).", {**_SAME_LAPTOP}),
        },
        "/v1/accounts/duplicates": {
            "Dismiss": _link("/v1/accounts/duplicates/dismiss", "Two companies after all.", {
                **_VERSIONS, "pair_id": "$response.body#/pairs/0/id",
            }),
            "Merge": _link("/v1/accounts/merge", "Merge the pair's second into its first.", {
                **_VERSIONS,
                "survivor_id": "$response.body#/pairs/0/first_id",
                "merged_id": "$response.body#/pairs/0/second_id",
            }),
        },
        "/v1/calendar/token": {
            "Feed": {
                "operationRef": "#/paths/~1v1~1calendar~1{token}.ics/get",
                "description": "The calendar at the address just issued (the token is the "
                "path's last part; schemathesis' regex extension takes it out).",
                "parameters": {
                    "path.token": r"$response.body#/path#regex:^/v1/calendar/([^/]+)\.ics$"
                },
            },
        },
    }  # fmt: skip


def _bound_versions(doc: dict[str, Any]) -> None:
    """The versions a request body may name, as this server speaks them (426 outside)."""
    spoken = {
        "protocol": (P.MIN_PROTOCOL_VERSION, P.PROTOCOL_VERSION),
        "schema_version": (P.MIN_SCHEMA_VERSION, P.SCHEMA_VERSION),
    }
    for schema in doc.get("components", {}).get("schemas", {}).values():
        properties = schema.get("properties", {})
        if not {"protocol", "schema_version"} <= set(properties):
            continue
        for name, (low, high) in spoken.items():
            properties[name].update(
                minimum=low,
                maximum=high,
                description=f"This server speaks {low} to {high}; other values are 426.",
            )


def _errors_are_json(doc: dict[str, Any]) -> None:
    """An operation answering other than JSON (the calendar feed) still answers errors as JSON
    (FastAPI files every response of a route under the route's own media type)."""
    for operations in doc["paths"].values():
        for operation in operations.values():
            for status, answer in operation["responses"].items():
                content = answer.get("content", {})
                if status.startswith("2") or "application/json" in content or not content:
                    continue
                answer["content"] = {"application/json": next(iter(content.values()))}


def install(app: FastAPI) -> None:
    """Make `app.openapi()` add the links and the spoken versions to FastAPI's document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = build()  # cached by FastAPI in app.openapi_schema: changed in place, once
            for path, links in _links().items():
                doc["paths"][path]["post"]["responses"]["200"]["links"] = links
            _bound_versions(doc)
            _errors_are_json(doc)
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
