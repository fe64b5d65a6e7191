"""The OpenAPI document's links (the fuzzer's stateful phase follows them) name operations and
fields that exist, and the versions a body may name are the ones this server speaks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from crm_desktop.sync import protocol as P
from crm_server.app import create_app
from tests.sync.harness import new_server_db


def _schema(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref") or node["content"]["application/json"]["schema"]["$ref"]
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_link_names_a_real_operation_and_real_fields(tmp_path: Path) -> None:
    db = new_server_db("sqlite", tmp_path)
    try:
        doc = create_app(db.url).openapi()
    finally:
        db.dispose()
    links = 0
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            answer = operation["responses"]["200"]
            for link in answer.get("links", {}).values():
                links += 1
                _, target_path, method = link["operationRef"].rsplit("/", 2)
                target = doc["paths"][target_path.replace("~1", "/")][method]
                sent = set(_schema(doc, target["requestBody"])["properties"]) if (
                    "requestBody" in target) else set()  # fmt: skip
                assert set(link.get("requestBody", {})) <= sent, (path, link)
                for expression in link.get("requestBody", {}).values():
                    where, _, pointer = str(expression).partition("#/")
                    node = operation["requestBody"] if where == "$request.body" else answer
                    assert pointer.split("/")[0] in _schema(doc, node)["properties"], expression
    assert links >= 12
    versions = _schema(doc, doc["paths"]["/v1/sync/push"]["post"]["requestBody"])["properties"]
    assert (versions["protocol"]["minimum"], versions["protocol"]["maximum"]) == (
        P.MIN_PROTOCOL_VERSION, P.PROTOCOL_VERSION)  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        '{"protocol": 1, "schema_version": 1, "client_id": "c",'
        ' "cursor": {"txid": 0, "seq": false}}',
        '{"protocol": true, "schema_version": 1, "client_id": "c"}',
        '{"protocol": 1, "schema_version": "1", "client_id": "c"}',
        '{"protocol": 1, "schema_version": 1.0, "client_id": "c"}',
        '{"protocol": 1, "schema_version": 1, "client_id": 7}',
    ],
)
def test_a_value_of_another_json_type_is_refused_not_coerced(body: str) -> None:
    # The document says integer, boolean, string: the fuzzer's "schema-violating request
    # accepted" found `false` taken as 0 and `0` as false once requests reached that far.
    with pytest.raises(ValidationError):
        P.PullRequest.model_validate_json(body)
    with pytest.raises(ValidationError):
        P.PullRequest.model_validate(json.loads(body))  # FastAPI validates the parsed body


def test_the_calendar_feed_is_documented_as_icalendar_and_its_errors_as_json(
    tmp_path: Path,
) -> None:
    db = new_server_db("sqlite", tmp_path)
    try:
        doc = create_app(db.url).openapi()
    finally:
        db.dispose()
    answers = doc["paths"]["/v1/calendar/{token}.ics"]["get"]["responses"]
    assert list(answers["200"]["content"]) == ["text/calendar; charset=utf-8"]
    assert all(list(a["content"]) == ["application/json"] for s, a in answers.items() if s != "200")
