"""docs/DEPLOYMENT.md stays in step with the files it documents."""

from __future__ import annotations

import hashlib
import re

from ._support import (
    APP_SECRET_SETTINGS,
    CHART,
    COMPOSE_FILE,
    ENV_EXAMPLE,
    REPO,
    SCHEMAS,
    STRAPI_SECRET_SETTINGS,
    parse_env_file,
    read_yaml,
)

DOC = (REPO / "docs" / "DEPLOYMENT.md").read_text(encoding="utf-8")


def _table_keys(heading_fragment: str) -> set[str]:
    """First-column keys of the first table after the paragraph naming a Secret."""
    section = DOC[DOC.index(heading_fragment) :]
    table = section[section.index("\n|") :]
    rows = []
    for line in table.splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        rows.append(line)
    return {m.group(1) for row in rows if (m := re.match(r"\|\s*`([A-Z0-9_]+)`", row))}


def test_every_published_port_is_documented() -> None:
    env = parse_env_file(ENV_EXAMPLE)
    port_variables = {key for key in env if key.endswith("_PORT") and key.isupper()}
    compose_text = COMPOSE_FILE.read_text(encoding="utf-8")
    published = set(re.findall(r'"127\.0\.0\.1:\$\{([A-Z_]+):-(\d+)\}:\d+"', compose_text))
    assert published
    for variable, port in published:
        assert variable in port_variables
        assert f"`{variable}`" in DOC, variable
        assert f"localhost:{port}" in DOC, port


def test_the_existing_secrets_keys_are_documented() -> None:
    assert _table_keys("`gurumisha-secrets` (`secrets.existingSecret`)") == APP_SECRET_SETTINGS
    assert _table_keys("`gurumisha-strapi-secrets` (`strapi.existingSecret`)") == (
        STRAPI_SECRET_SETTINGS
    )
    values = read_yaml(CHART / "values.yaml")
    assert f"`{values['secrets']['existingSecret']}`" in DOC
    assert f"`{values['strapi']['existingSecret']}`" in DOC


def test_values_files_and_workflows_are_named() -> None:
    for name in ("values-staging.yaml", "values-production.yaml"):
        assert (CHART / name).is_file()
        assert f"`{name}`" in DOC
    for path in (".github/workflows/ci.yml", ".github/workflows/deploy.yml"):
        assert (REPO / path).is_file()
        assert f"`{path}`" in DOC


def test_vendored_schemas_are_the_recorded_files() -> None:
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    for name in ("compose-spec.json", "github-workflows.json"):
        digest = hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest()
        assert re.search(rf"`{re.escape(name)}`.*`{digest}`", readme), name


def test_every_alert_has_a_runbook_section_in_operations() -> None:
    operations = (REPO / "docs" / "OPERATIONS.md").read_text(encoding="utf-8")
    # GitHub's anchors: the heading in lower case.
    anchors = {
        line.removeprefix("### ").strip().lower()
        for line in operations.splitlines()
        if line.startswith("### ")
    }
    rules = read_yaml(CHART / "files" / "monitoring" / "prometheus" / "gurumisha.rules.yaml")
    alerts = [rule for group in rules["groups"] for rule in group["rules"] if "alert" in rule]
    assert alerts
    for rule in alerts:
        page, _, anchor = rule["annotations"]["runbook"].partition("#")
        assert page == "docs/OPERATIONS.md", rule["alert"]
        assert anchor in anchors, rule["alert"]
    assert len(anchors) == len(alerts), "a runbook for each alert, and only those"
