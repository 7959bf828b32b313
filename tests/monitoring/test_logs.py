"""The logs of a full journey (tests/monitoring/conftest.py): Elastic Common Schema
field names, nothing Elasticsearch would refuse, and no secret anywhere."""

from __future__ import annotations

import json
import re

from ._tools import MONITORING
from .conftest import json_lines

ECS_BASE = {"@timestamp", "log.level", "message", "ecs.version"}
ACCESS_FIELDS = {
    "http.request.method",
    "url.path",
    "http.route",
    "http.response.status_code",
    "event.duration",
    "trace.id",
    "client.ip",
}


def test_no_secret_token_or_password_appears_in_any_log(journey):
    assert len(journey.all_logs) > 10_000, "the journey logged"
    for name, value in journey.secrets.items():
        assert len(value) >= 16, name
        assert value not in journey.all_logs, f"{name} is in the logs"


def test_every_line_of_the_api_is_an_ecs_json_object(journey):
    lines = journey.sidecar_lines
    records = json_lines(lines)
    # The HTTP server's own start-up lines are plain text; everything of ours is JSON.
    assert len(records) > 15
    for record in records:
        assert set(record) >= ECS_BASE, record
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z", record["@timestamp"])
        # Elastic reads "a.b" as the object a: no key may also be a plain value.
        for key in record:
            assert not any(other.startswith(f"{key}.") for other in record), (key, record)


def test_access_log_lines_carry_the_http_fields(journey):
    access = [r for r in json_lines(journey.sidecar_lines) if r["message"] == "http.request"]
    assert len(access) > 15
    for record in access:
        assert set(record) >= ACCESS_FIELDS, record
        assert isinstance(record["http.response.status_code"], int)
        assert isinstance(record["event.duration"], int)
        assert record["event.duration"] > 0
        assert re.fullmatch(r"[0-9a-f]{32}", record["trace.id"])
    statuses = {r["http.response.status_code"] for r in access}
    assert {200, 201, 202, 204, 401, 404} <= statuses
    # The M-Pesa callback's path holds its token: the log shows the template.
    callbacks = [r for r in access if r["http.route"] == "/v1/webhooks/mpesa/{token}"]
    assert callbacks
    assert {r["url.path"] for r in callbacks} == {"/v1/webhooks/mpesa/{token}"}


def test_the_kibana_saved_search_shows_fields_we_log(journey):
    objects = [
        json.loads(line)
        for line in (MONITORING / "kibana" / "saved-objects.ndjson").read_text().splitlines()
    ]
    by_id = {o["id"]: o for o in objects}
    (search,) = [o for o in objects if o["type"] == "search"]
    for reference in search["references"]:
        assert by_id[reference["id"]]["type"] == reference["type"]
    logged = {key for record in json_lines(journey.sidecar_lines) for key in record}
    assert set(search["attributes"]["columns"]) <= logged
    pattern = by_id["gurumisha-logs"]["attributes"]
    assert pattern["timeFieldName"] in logged
    source = json.loads(search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
    query = source["query"]["query"]
    for field in re.findall(r"([a-z@][a-z_.]+)\s*(?:>=|>|:)", query):
        assert field in logged, field
