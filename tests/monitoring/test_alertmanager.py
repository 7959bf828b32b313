"""The Alertmanager routing, checked by amtool itself: warnings go to Slack, pages to
PagerDuty (and Slack); keys are read from files, never written in the config."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.deploy.test_helm_chart import render

from ._tools import ALERTMANAGER, run

# Keys that would hold a credential inline; their *_file twins are what we use.
INLINE_SECRETS = {"api_url", "slack_api_url", "routing_key", "service_key", "url", "password"}


def keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in keys(value)}
    if isinstance(node, list):
        return {k for item in node for k in keys(item)}
    return set()


def test_amtool_checks_the_config() -> None:
    result = run("amtool", "check-config", ALERTMANAGER)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 receivers" in result.stdout


def test_a_route_to_an_unknown_receiver_fails_the_check(tmp_path: Path) -> None:
    broken = tmp_path / "alertmanager.yaml"
    broken.write_text(
        ALERTMANAGER.read_text().replace("receiver: pagerduty-pages", "receiver: pager")
    )
    result = run("amtool", "check-config", broken)
    assert result.returncode != 0
    assert "pager" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("labels", "receivers"),
    [
        (["severity=page", "alertname=GurumishaOutboxStale"], "pagerduty-pages,slack-warnings"),
        (["severity=warning", "alertname=GurumishaApiHigh5xxRatio"], "slack-warnings"),
        (["alertname=SomethingUnlabelled"], "slack-warnings"),
    ],
)
def test_routes_by_severity(labels: list[str], receivers: str) -> None:
    result = run("amtool", "config", "routes", "test", "--config.file", ALERTMANAGER, *labels)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == receivers


def test_keys_are_files_never_values() -> None:
    config = yaml.safe_load(ALERTMANAGER.read_text())
    assert not keys(config) & INLINE_SECRETS
    (pagerduty,) = config["receivers"][1]["pagerduty_configs"]
    assert pagerduty["routing_key_file"].startswith("/etc/alertmanager/secrets/")
    assert config["global"]["slack_api_url_file"].startswith("/etc/alertmanager/secrets/")


def test_the_chart_renders_a_config_amtool_accepts(tmp_path: Path) -> None:
    values = {
        "strapi": {"enabled": False},
        "monitoring": {
            "enabled": True,
            "alertmanager": {"existingSecret": "ops-keys", "slackChannel": "#ops"},
        },
    }
    (configmap,) = [o for o in render(values) if o["metadata"]["name"] == "gurumisha-alertmanager"]
    rendered = tmp_path / "alertmanager.yaml"
    rendered.write_text(configmap["data"]["alertmanager.yaml"])
    result = run("amtool", "check-config", rendered)
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(rendered.read_text())
    assert (
        config["global"]["slack_api_url_file"]
        == "/etc/alertmanager/secrets/ops-keys/slack-webhook-url"
    )
    assert config["receivers"][0]["slack_configs"][0]["channel"] == "#ops"
