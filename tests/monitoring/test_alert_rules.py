"""The chart's Prometheus rules, checked and unit-tested by promtool itself: each
alert fires on the series meant to fire it (a 5xx spike, the capacity issue's load
shedding, a stale outbox...) and stays quiet otherwise; a broken rule fails."""

from __future__ import annotations

from pathlib import Path

import yaml

from ._tools import MONITORING, RULES, RULES_TEST, run

SEVERITIES = {"warning", "page"}  # Slack and PagerDuty (files/monitoring/alertmanager)


def alerts() -> list[dict]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def test_promtool_checks_the_rules() -> None:
    result = run("promtool", "check", "rules", RULES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_unit_tests_of_the_rules_pass() -> None:
    result = run("promtool", "test", "rules", RULES_TEST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def _with_rules(tmp_path: Path, rules_text: str) -> Path:
    """The unit tests, run against another version of the rules."""
    (tmp_path / "rules.yaml").write_text(rules_text)
    tests = yaml.safe_load(RULES_TEST.read_text())
    tests["rule_files"] = ["rules.yaml"]
    (tmp_path / "test.yaml").write_text(yaml.safe_dump(tests))
    return tmp_path / "test.yaml"


def test_a_weakened_rule_fails_its_unit_test(tmp_path: Path) -> None:
    text = RULES.read_text()
    assert text.count("> 0.05") == 1
    result = run(
        "promtool", "test", "rules", _with_rules(tmp_path, text.replace("> 0.05", "> 0.5"))
    )
    assert result.returncode != 0
    assert "GurumishaApiHigh5xxRatio" in result.stdout + result.stderr


def test_a_rule_that_does_not_parse_fails_the_check(tmp_path: Path) -> None:
    broken = tmp_path / "rules.yaml"
    broken.write_text(RULES.read_text().replace("> 300", "> > 300"))
    result = run("promtool", "check", "rules", broken)
    assert result.returncode != 0
    assert "GurumishaOutboxStale" in result.stdout + result.stderr


def test_every_alert_has_a_route_a_runbook_and_a_test_that_fires_it() -> None:
    tests = yaml.safe_load(RULES_TEST.read_text())["tests"]
    fired = {
        case["alertname"]
        for test in tests
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    names = [rule["alert"] for rule in alerts()]
    assert len(names) == len(set(names))
    for rule in alerts():
        assert rule["labels"]["severity"] in SEVERITIES, rule["alert"]
        assert rule["annotations"]["runbook"] == f"docs/OPERATIONS.md#{rule['alert'].lower()}"
        assert rule["annotations"]["summary"], rule["alert"]
    assert set(names) == fired
    # The list, each under its name.
    assert {
        "GurumishaApiHigh5xxRatio",
        "GurumishaApiLatencyP95High",
        "GurumishaReadinessFlapping",
        "GurumishaOutboxStale",
        "GurumishaNotificationFailureRatio",
        "GurumishaPaymentsStuckInitiated",
        "GurumishaContainerCpuHigh",
        "GurumishaContainerMemoryHigh",
        "GurumishaApiShedding",
    } <= set(names)


def test_the_scrape_config_and_rules_load_into_a_prometheus_config(tmp_path: Path) -> None:
    scrape = yaml.safe_load((MONITORING / "prometheus" / "scrape-config.yaml").read_text())
    assert [job["job_name"] for job in scrape] == ["gurumisha-sidecar"]
    (job,) = scrape
    assert job.pop("kubernetes_sd_configs") == [{"role": "pod"}]
    # Debian builds Prometheus without Kubernetes discovery, so its promtool refuses
    # the key: the rest of the job (relabelling included) is checked on static targets.
    job["static_configs"] = [{"targets": ["10.0.0.7:8000"]}]
    config = tmp_path / "prometheus.yml"
    config.write_text(yaml.safe_dump({"rule_files": [str(RULES)], "scrape_configs": scrape}))
    result = run("promtool", "check", "config", config)
    assert result.returncode == 0, result.stdout + result.stderr
