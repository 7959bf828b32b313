"""GitHub Actions workflows: the workflow JSON schema (SchemaStore's, vendored from
check-jsonschema) and what each pipeline must do."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from ._support import REPO, WORKFLOWS, read_yaml, schema_errors

SCHEMA = "github-workflows.json"
WORKFLOW_FILES = sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))


def _workflow(name: str) -> dict[str, Any]:
    return read_yaml(WORKFLOWS / name)


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in _steps(job))


def _uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in _steps(job) if "uses" in step]


def test_the_pipelines_exist() -> None:
    assert WORKFLOW_FILES == ["ci.yml", "deploy.yml"]


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_workflow_matches_the_github_workflow_schema(name: str) -> None:
    assert schema_errors(SCHEMA, _workflow(name)) == []


def test_the_schema_rejects_a_broken_workflow() -> None:
    broken = copy.deepcopy(_workflow("ci.yml"))
    del broken["jobs"]["lint"]["runs-on"]
    broken["jobs"]["test"]["timeout-minutes"] = "forever"
    broken["jobs"]["test"]["steps"][0]["with"] = "not a mapping"
    errors = schema_errors(SCHEMA, broken)
    assert errors
    assert {e.split(":")[0].split("/")[1] for e in errors} == {"lint", "test"}, errors


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_actions_are_pinned_to_a_release(name: str) -> None:
    for job_name, job in _workflow(name)["jobs"].items():
        for action in _uses(job):
            _, _, ref = action.partition("@")
            assert re.fullmatch(r"v\d+(\.\d+)*|[0-9a-f]{40}", ref), f"{job_name}: {action}"


@pytest.mark.parametrize("name", WORKFLOW_FILES)
def test_least_privilege_and_time_limits(name: str) -> None:
    workflow = _workflow(name)
    assert workflow["permissions"] == {"contents": "read"}
    for job_name, job in workflow["jobs"].items():
        if "uses" in job:  # a reusable-workflow call has its callee's limits
            continue
        assert 0 < job["timeout-minutes"] <= 60, job_name
        assert job["runs-on"].startswith("ubuntu-"), job_name


def test_ci_runs_on_pull_requests_and_can_be_called() -> None:
    triggers = _workflow("ci.yml")["on"]
    assert "pull_request" in triggers
    assert "workflow_call" in triggers


def test_ci_lints_with_ruff() -> None:
    assert "ruff check" in _runs(_workflow("ci.yml")["jobs"]["lint"])


def test_ci_tests_against_real_services_with_a_coverage_gate() -> None:
    job = _workflow("ci.yml")["jobs"]["test"]
    services = job["services"]
    assert set(services) == {"postgres", "redis", "rabbitmq"}
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:")
    assert services["rabbitmq"]["image"].startswith("rabbitmq:")
    for service in services.values():
        assert "--health-cmd" in service["options"]
    # tests/conftest.py reads these.
    assert job["env"]["TEST_POSTGRES_DSN"].startswith("postgresql://")
    assert job["env"]["TEST_REDIS_URL"].startswith("redis://")
    commands = _runs(job)
    assert "pytest" in commands
    assert re.search(r"--cov-fail-under=(\d+)", commands).group(1) == "90"
    assert "--cov=sidecar" in commands
    assert "--cov=workers" in commands


def test_ci_installs_the_pinned_deployment_check_tools() -> None:
    commands = _runs(_workflow("ci.yml")["jobs"]["test"])
    for requirements in re.findall(r"-r (\S+)", commands):
        path = REPO / requirements
        assert path.is_file(), requirements
        pins = [
            line.split("#")[0].strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.split("#")[0].strip()
        ]
        assert pins
        assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.]*", p) for p in pins), pins
    assert "--ignore-requires-python -r tests/deploy/requirements-helm-sdkpy.txt" in commands


def test_ci_builds_both_images_and_checks_the_compose_file() -> None:
    jobs = _workflow("ci.yml")["jobs"]
    contexts = {entry["context"] for entry in jobs["images"]["strategy"]["matrix"]["include"]}
    assert contexts == {".", "strapi-config"}
    build = next(s for s in _steps(jobs["images"]) if s.get("uses", "").startswith("docker/build"))
    assert build["with"]["push"] is False
    smoke = _runs(jobs["images"])
    assert "migrate" in smoke
    assert "/healthz" in smoke
    assert "/readyz" in smoke
    assert "docker compose config" in _runs(jobs["compose"])


def test_deploy_builds_and_pushes_to_ghcr_on_main_after_ci() -> None:
    workflow = _workflow("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["ci"]["uses"] == "./.github/workflows/ci.yml"
    build = jobs["build"]
    assert build["needs"] == "ci"
    assert build["permissions"] == {"contents": "read", "packages": "write"}
    assert "ghcr.io/" in _runs(build)
    login = next(s for s in _steps(build) if s.get("uses", "").startswith("docker/login-action"))
    assert login["with"]["registry"] == "ghcr.io"
    push = next(s for s in _steps(build) if s.get("uses", "").startswith("docker/build-push"))
    assert push["with"]["push"] is True
    contexts = {entry["context"] for entry in build["strategy"]["matrix"]["include"]}
    assert contexts == {".", "strapi-config"}


@pytest.mark.parametrize(
    ("job_name", "environment", "values_file", "needs"),
    [
        ("deploy-staging", "staging", "values-staging.yaml", "build"),
        ("deploy-production", "production", "values-production.yaml", "deploy-staging"),
    ],
)
def test_deploys_with_helm_in_order_behind_environments(
    job_name: str, environment: str, values_file: str, needs: str
) -> None:
    workflow = _workflow("deploy.yml")
    job = workflow["jobs"][job_name]
    assert job["environment"]["name"] == environment
    assert job["needs"] == needs
    commands = _runs(job)
    assert "helm upgrade --install gurumisha" in commands
    assert f'/{values_file}"' in commands
    assert "--atomic" in commands
    assert "--wait" in commands
    assert 'image.tag="${GITHUB_SHA}"' in commands
    assert any(a.startswith("azure/setup-helm@") for a in _uses(job))
    assert (REPO / workflow["env"]["CHART"] / values_file).is_file()
    assert workflow["concurrency"]["cancel-in-progress"] is False


# --- supply chain ---------------------------------------------------------------------


def test_ci_audits_python_and_both_npm_projects_and_runs_weekly() -> None:
    workflow = _workflow("ci.yml")
    assert workflow["on"]["schedule"], "advisories appear for code that did not change"
    jobs = workflow["jobs"]
    assert "pip-audit --strict" in _runs(jobs["pip-audit"])
    npm = jobs["npm-audit"]
    assert set(npm["strategy"]["matrix"]["project"]) == {"frontend", "strapi-config"}
    assert "npm audit --omit=dev" in _runs(npm)
    for project in npm["strategy"]["matrix"]["project"]:
        assert (REPO / project / "package-lock.json").is_file()
    assert "bash scripts/monitoring-tools" in _runs(jobs["test"])


def test_deploy_writes_an_sbom_per_image_and_deploys_by_digest() -> None:
    workflow = _workflow("deploy.yml")
    build = workflow["jobs"]["build"]
    (sbom,) = [s for s in _steps(build) if s.get("uses", "").startswith("anchore/sbom-action@")]
    assert sbom["with"]["format"] == "cyclonedx-json"
    assert sbom["with"]["image"].endswith("@${{ steps.push.outputs.digest }}")
    uploads = [s["with"]["name"] for s in _steps(build) if "upload-artifact" in s.get("uses", "")]
    assert uploads == ["sbom-${{ matrix.image }}", "digest-${{ matrix.image }}"]
    for job_name in ("deploy-staging", "deploy-production"):
        commands = _runs(workflow["jobs"][job_name])
        assert 'image.digest="$(cat "${RUNNER_TEMP}/digests/gurumisha")"' in commands
        assert 'strapi.image.digest="$(cat "${RUNNER_TEMP}/digests/gurumisha-strapi")"' in commands


def test_dependabot_watches_every_ecosystem_we_ship() -> None:
    config = read_yaml(REPO / ".github" / "dependabot.yml")
    assert config["version"] == 2
    watched: set[tuple[str, str]] = set()
    for update in config["updates"]:
        for directory in update.get("directories", [update.get("directory")]):
            watched.add((update["package-ecosystem"], directory))
    assert {
        ("pip", "/"),
        ("npm", "/frontend"),
        ("npm", "/strapi-config"),
        ("docker", "/"),
        ("docker", "/strapi-config"),
        ("docker", "/frontend"),
        ("github-actions", "/"),
    } <= watched
    for ecosystem, directory in watched:
        assert (REPO / directory.lstrip("/")).is_dir(), (ecosystem, directory)
