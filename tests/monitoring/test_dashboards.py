"""The Grafana dashboards the chart provisions: well-formed, every panel's query
parsed by promtool, and every metric a query names present in the /metrics of the
real platform after a full journey (tests/monitoring/conftest.py) or recorded by our
rules. So pointed at a Prometheus scraping the load test, every panel has data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.deploy.test_helm_chart import render

from ._tools import DASHBOARDS, RULES, run

EXPECTED = {"api-overview", "jobs-notifications", "payments", "strapi-sync"}
# What Grafana puts in place of its variables before sending a query.
GRAFANA_VARIABLES = {"$__rate_interval": "2m", "$__interval": "30s", "$namespace": "gurumisha"}
KEYWORDS = {"and", "or", "unless", "bool", "offset", "inf", "nan"}


def dashboards() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in sorted(DASHBOARDS.glob("*.json"))}


def queries() -> list[tuple[str, str]]:
    """(where, PromQL with Grafana's variables replaced) for every panel target."""
    found = []
    for name, dashboard in dashboards().items():
        for panel in dashboard["panels"]:
            for target in panel["targets"]:
                expr = target["expr"]
                for variable, value in GRAFANA_VARIABLES.items():
                    expr = expr.replace(variable, value)
                assert "$" not in expr, (name, panel["title"], expr)
                found.append((f"{name}: {panel['title']} ({target['refId']})", expr))
    return found


def metric_names(expr: str) -> set[str]:
    """The metric names a (valid) PromQL expression selects."""
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*", text):
        if text[match.end() :].lstrip().startswith("("):
            continue  # a function or an aggregation
        if match.group().lower() not in KEYWORDS:
            names.add(match.group())
    return names


def test_metric_names_finds_selectors_not_functions_or_labels() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (route, le) (rate(a_bucket{route=~"/v1/(x|y)"}[5m])))'
        " / on (namespace) group_left() b:rate5m > 1e9 and max(c) offset 5m"
    )
    assert metric_names(expr) == {"a_bucket", "b:rate5m", "c"}


def test_there_are_the_four_dashboards_each_well_formed() -> None:
    boards = dashboards()
    assert set(boards) == EXPECTED
    assert len({board["uid"] for board in boards.values()}) == len(boards)
    for name, board in boards.items():
        assert board["title"].startswith("Gurumisha: "), name
        variables = {v["name"]: v for v in board["templating"]["list"]}
        assert variables["datasource"]["type"] == "datasource"
        assert variables["namespace"]["type"] == "query"
        ids = [panel["id"] for panel in board["panels"]]
        assert len(ids) == len(set(ids)), name
        for panel in board["panels"]:
            assert panel["title"], name
            assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
            grid = panel["gridPos"]
            assert min(grid["w"], grid["h"]) > 0, panel["title"]
            assert grid["x"] + grid["w"] <= 24, panel["title"]
            assert panel["targets"], panel["title"]
            assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"])


def test_promtool_parses_every_panel_query(tmp_path: Path) -> None:
    as_rules = {
        "groups": [
            {
                "name": "dashboards",
                "rules": [
                    {"record": f"dashboard:query_{number}", "expr": expr}
                    for number, (_, expr) in enumerate(queries())
                ],
            }
        ]
    }
    rules = tmp_path / "dashboard-queries.yaml"
    rules.write_text(yaml.safe_dump(as_rules))
    result = run("promtool", "check", "rules", rules)
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_refuses_a_query_that_does_not_parse(tmp_path: Path) -> None:
    rules = tmp_path / "broken.yaml"
    broken = {"record": "dashboard:broken", "expr": "sum by (route (rate(x[5m]))"}
    rules.write_text(yaml.safe_dump({"groups": [{"name": "d", "rules": [broken]}]}))
    assert run("promtool", "check", "rules", rules).returncode != 0


def test_every_metric_a_panel_reads_is_exposed_or_recorded(journey) -> None:
    exposed = set()
    for body in journey.metrics:
        for family in text_string_to_metric_families(body):
            exposed.add(family.name)
            exposed.update(sample.name for sample in family.samples)
    recorded = {
        rule["record"]
        for group in yaml.safe_load(RULES.read_text())["groups"]
        for rule in group["rules"]
        if "record" in rule
    }
    missing = {
        (where, name)
        for where, expr in queries()
        for name in metric_names(expr)
        if name not in exposed | recorded
    }
    assert missing == set()
    # The list of metrics, each on some dashboard.
    shown = {name for _, expr in queries() for name in metric_names(expr)}
    assert {
        "http_request_duration_seconds_bucket",
        "http_requests_shed_total",
        "http_requests_in_flight",
        "gurumisha_outbox_undispatched",
        "gurumisha:outbox_oldest_undispatched_age_seconds:max",
        "gurumisha:notifications:max",
        "gurumisha_payments",
        "gurumisha_webhook_inbox_unprocessed",
        "gurumisha_password_hash_slots_in_use",
        "gurumisha_db_pool_connections_in_use",
        "celery_queue_messages",
        "gurumisha_cms_sync_age_seconds",
    } <= shown


@pytest.mark.parametrize("mode", ["configmap", "operator"])
def test_the_chart_provisions_every_dashboard_for_grafanas_sidecar(mode: str) -> None:
    values = {"strapi": {"enabled": False}, "monitoring": {"enabled": True, "mode": mode}}
    (configmap,) = [o for o in render(values) if o["metadata"]["name"] == "gurumisha-dashboards"]
    assert configmap["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert configmap["metadata"]["annotations"]["grafana_folder"] == "Gurumisha"
    assert {key.removesuffix(".json") for key in configmap["data"]} == EXPECTED
    for key, text in configmap["data"].items():
        assert json.loads(text) == dashboards()[key.removesuffix(".json")]
