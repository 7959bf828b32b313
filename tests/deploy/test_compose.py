"""docker-compose.yml: the Compose specification's JSON schema plus our own rules.

No Docker here: the file is checked as data. The schema is compose-spec's own
(vendored from check-jsonschema, see schemas/README.md); interpolation follows Compose's
rules with the values of .env.example.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from sidecar.core.settings import Settings

from ._support import (
    ALL_INTERFACES,
    COMPOSE_FILE,
    ENV_EXAMPLE,
    SECRET_NAME,
    URL_CREDENTIALS,
    InterpolationError,
    interpolate,
    interpolate_tree,
    parse_env_file,
    read_yaml,
    schema_errors,
    strings,
)

SCHEMA = "compose-spec.json"
EXPECTED_SERVICES = {
    "postgres",
    "redis",
    "rabbitmq",
    "minio",
    "minio-init",
    "mailpit",
    "strapi",
    "migrate",
    "sidecar",
    "worker",
    "beat",
    "storefront",
}
APP_SERVICES = ("migrate", "sidecar", "worker", "beat")
BOTO3_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# Container port -> service, for what a developer opens in a browser or client.
EXPECTED_PUBLISHED = {
    ("sidecar", 8000),
    ("strapi", 1337),
    ("storefront", 3000),
    ("postgres", 5432),
    ("redis", 6379),
    ("rabbitmq", 5672),
    ("rabbitmq", 15672),
    ("minio", 9000),
    ("minio", 9001),
    ("mailpit", 1025),
    ("mailpit", 8025),
}
STATEFUL = {
    "postgres": "/var/lib/postgresql/data",
    "redis": "/data",
    "rabbitmq": "/var/lib/rabbitmq",
    "minio": "/data",
}


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return read_yaml(COMPOSE_FILE)


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    return parse_env_file(ENV_EXAMPLE)


@pytest.fixture(scope="module")
def filled_env(env_example: dict[str, str]) -> dict[str, str]:
    """.env.example with every empty value filled, as a developer's .env would be."""
    return {
        key: value or f"test-{key.lower().replace('_', '-')}-0123456789abcdef"
        for key, value in env_example.items()
    }


@pytest.fixture(scope="module")
def compose(raw: dict[str, Any], filled_env: dict[str, str]) -> dict[str, Any]:
    return interpolate_tree(raw, filled_env)


def _services(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return doc["services"]


def _is_one_shot(service: dict[str, Any]) -> bool:
    return service.get("restart") == "no"


def _has_healthcheck(service: dict[str, Any]) -> bool:
    check = service.get("healthcheck") or {}
    return bool(check.get("test")) and not check.get("disable", False)


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    assert isinstance(env, dict), "environment is written as a mapping"
    return {key: "" if value is None else str(value) for key, value in env.items()}


# --- the specification ---------------------------------------------------------------


def test_compose_file_matches_the_compose_specification(raw: dict[str, Any]) -> None:
    assert schema_errors(SCHEMA, raw) == []


def test_interpolated_compose_file_still_matches_the_specification(
    raw: dict[str, Any], compose: dict[str, Any]
) -> None:
    assert schema_errors(SCHEMA, compose) == []
    # Every ${ left is a shell variable written $${ (escaped) in the file.
    escaped = sum(value.count("$${") for _, value in strings(raw))
    assert escaped > 0
    assert sum(value.count("${") for _, value in strings(compose)) == escaped


def test_the_schema_rejects_a_broken_compose_file(raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw)
    broken["services"]["sidecar"]["depends_on"]["migrate"]["condition"] = "when_ready"
    broken["services"]["redis"]["healthcheck"]["interval"] = ["5s"]
    broken["services"]["worker"]["restart_policy"] = "always"
    errors = schema_errors(SCHEMA, broken)
    assert {error.split(":")[0].split("/")[1] for error in errors} == {
        "sidecar",
        "redis",
        "worker",
    }, errors
    assert schema_errors(SCHEMA, {"services": {"x": {"image": 5}}}) != []


# --- variables and secrets -------------------------------------------------------------


def test_every_variable_is_listed_in_env_example(
    raw: dict[str, Any], env_example: dict[str, str]
) -> None:
    used: set[str] = set()
    interpolate_tree(raw, {key: "x" for key in env_example}, used)
    assert used, "the compose file takes its settings from .env"
    assert sorted(used - env_example.keys()) == []


def test_env_example_commits_no_secret_values(env_example: dict[str, str]) -> None:
    secret_keys = [key for key in env_example if SECRET_NAME.search(key)]
    assert "JWT_SECRET" in secret_keys
    assert "POSTGRES_PASSWORD" in secret_keys
    assert {key: env_example[key] for key in secret_keys if env_example[key]} == {}


def test_required_secrets_stop_compose_when_missing(
    raw: dict[str, Any], env_example: dict[str, str]
) -> None:
    # .env.example as committed (secrets empty): compose must refuse, naming a variable.
    with pytest.raises(InterpolationError, match=r"required variable [A-Z_]+ is missing"):
        interpolate_tree(raw, env_example)


def _secret_default(expression: str) -> str | None:
    """The non-empty default of ${VAR:-default} / ${VAR-default}, else None."""
    match = re.fullmatch(r"\$\{([A-Za-z0-9_]+)(:?-)(.*)\}", expression)
    return match.group(3) if match and match.group(3) else None


def test_no_secret_is_written_in_the_compose_file(raw: dict[str, Any]) -> None:
    problems: list[str] = []
    for name, service in _services(raw).items():
        for key, value in _environment(service).items():
            if not SECRET_NAME.search(key) or value == "":
                continue
            if "${" not in value:
                problems.append(f"{name}.{key} is written inline")
            elif _secret_default(value):
                problems.append(f"{name}.{key} has a default value")
    for path, value in strings(raw):
        for password in URL_CREDENTIALS.findall(value):
            if not password.startswith("${"):
                problems.append(f"{path}: a URL carries a literal password")
        for expression in re.findall(r"\$\{[A-Za-z0-9_]+:?-[^}]*\}", value):
            variable = expression[2:].split(":")[0].split("-")[0]
            if SECRET_NAME.search(variable) and _secret_default(expression):
                problems.append(f"{path}: {variable} has a default value")
    assert problems == []


def test_the_secret_check_catches_inline_secrets() -> None:
    assert SECRET_NAME.search("JWT_SECRET")
    assert SECRET_NAME.search("MINIO_ROOT_PASSWORD")
    assert SECRET_NAME.search("APP_KEYS")
    assert not SECRET_NAME.search("SMTP_PORT")
    assert URL_CREDENTIALS.findall("postgresql+psycopg://u:hunter2@db/x") == ["hunter2"]
    assert _secret_default("${JWT_SECRET:-hunter2}") == "hunter2"
    assert _secret_default("${JWT_SECRET:?set it}") is None


def test_application_containers_use_only_real_settings(raw: dict[str, Any]) -> None:
    # The application's Settings, plus the AWS keys that boto3 reads itself.
    settings = {name.upper() for name in Settings.model_fields} | BOTO3_VARIABLES
    for name in APP_SERVICES:
        environment = _environment(_services(raw)[name])
        assert sorted(set(environment) - settings) == [], name
        assert {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "JWT_SECRET"} <= set(environment)


def test_application_urls_point_at_the_compose_services(compose: dict[str, Any]) -> None:
    environment = _environment(_services(compose)["sidecar"])
    assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert "@redis:6379/" in environment["REDIS_URL"]
    assert environment["CELERY_BROKER_URL"].startswith("amqp://")
    assert "@rabbitmq:5672/" in environment["CELERY_BROKER_URL"]
    assert environment["SMTP_HOST"] == "mailpit"
    assert environment["STRAPI_URL"] == "http://strapi:1337"
    assert environment["S3_ENDPOINT_URL"] == "http://minio:9000"
    strapi = _environment(_services(compose)["strapi"])
    assert strapi["SIDECAR_WEBHOOK_URL"] == "http://sidecar:8000/v1/webhooks/strapi"
    assert strapi["STRAPI_WEBHOOK_SECRET"] == environment["STRAPI_WEBHOOK_SECRET"]


def test_strapi_gets_every_secret_it_needs(compose: dict[str, Any]) -> None:
    environment = _environment(_services(compose)["strapi"])
    needed = {
        "DATABASE_PASSWORD",
        "APP_KEYS",
        "API_TOKEN_SALT",
        "ADMIN_JWT_SECRET",
        "TRANSFER_TOKEN_SALT",
        "JWT_SECRET",
        "STRAPI_WEBHOOK_SECRET",
    }
    assert {key for key in needed if not environment.get(key)} == set()
    assert environment["DATABASE_HOST"] == "postgres"
    assert environment["S3_BUCKET"]
    assert environment["NODE_ENV"] == "production"


# --- services, health, order -----------------------------------------------------------


def test_the_whole_stack_is_there(raw: dict[str, Any]) -> None:
    services = _services(raw)
    assert set(services) == EXPECTED_SERVICES
    assert services["migrate"]["command"] == ["migrate"]
    assert services["worker"]["command"] == ["worker"]
    assert services["beat"]["command"] == ["beat"]
    assert services["sidecar"]["command"][:1] == ["serve"]
    assert ALL_INTERFACES in services["sidecar"]["command"]
    for name in APP_SERVICES:
        assert services[name]["build"]["context"] == "."
        assert services[name]["image"] == services["sidecar"]["image"]
    assert services["strapi"]["build"]["context"] == "./strapi-config"
    assert services["storefront"]["build"]["context"] == "./frontend"
    assert "--console-address" in services["minio"]["command"]
    assert "management" in services["rabbitmq"]["image"]


def test_every_service_has_a_health_check_or_a_stated_reason(raw: dict[str, Any]) -> None:
    missing = []
    for name, service in _services(raw).items():
        reason = service.get("x-healthcheck-reason")
        if _has_healthcheck(service):
            assert reason is None, f"{name}: has a health check and a reason not to"
            continue
        if not (isinstance(reason, str) and len(reason) > 20):
            missing.append(name)
    assert missing == []


def test_one_shot_jobs_are_awaited_to_completion(raw: dict[str, Any]) -> None:
    services = _services(raw)
    one_shots = {name for name, service in services.items() if _is_one_shot(service)}
    assert one_shots == {"migrate", "minio-init"}
    awaited = {
        dependency
        for service in services.values()
        for dependency, spec in (service.get("depends_on") or {}).items()
        if spec["condition"] == "service_completed_successfully"
    }
    assert awaited == one_shots


def test_dependencies_wait_for_health_or_completion(raw: dict[str, Any]) -> None:
    services = _services(raw)
    for name, service in services.items():
        depends_on = service.get("depends_on") or {}
        assert isinstance(depends_on, dict), f"{name}: depends_on needs conditions"
        for dependency, spec in depends_on.items():
            target = services[dependency]
            if spec["condition"] == "service_healthy":
                assert _has_healthcheck(target), f"{name} waits on {dependency}'s health"
            else:
                assert spec["condition"] == "service_completed_successfully", name
                assert _is_one_shot(target), f"{name} waits for {dependency} to finish"


def test_migrations_run_before_the_api_and_the_workers(raw: dict[str, Any]) -> None:
    services = _services(raw)
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("sidecar", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    for name in ("sidecar", "worker"):
        for dependency in ("redis", "rabbitmq"):
            assert services[name]["depends_on"][dependency]["condition"] == "service_healthy"
    assert services["strapi"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["minio-init"]["depends_on"]["minio"]["condition"] == "service_healthy"


def test_health_checks_probe_the_right_endpoints(raw: dict[str, Any]) -> None:
    services = _services(raw)
    sidecar = " ".join(services["sidecar"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in sidecar
    strapi = " ".join(services["strapi"]["healthcheck"]["test"])
    assert "http://127.0.0.1:1337/_health" in strapi
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "ping" in " ".join(services["redis"]["healthcheck"]["test"])
    worker = " ".join(services["worker"]["healthcheck"]["test"])
    assert "celery --app workers.celery_app:celery_app inspect ping" in worker
    assert '--destination "celery@$${HOSTNAME}"' in worker
    assert services["beat"]["healthcheck"] == {"disable": True}


def test_minio_bucket_is_created_by_a_one_shot_mc_container(compose: dict[str, Any]) -> None:
    init = _services(compose)["minio-init"]
    assert init["image"].startswith("minio/mc:")
    script = "\n".join(init["command"])
    assert "mc mb --ignore-existing" in script
    assert '"local/${S3_BUCKET}"' in script
    assert (
        init["environment"]["S3_BUCKET"]
        == _services(compose)["sidecar"]["environment"]["S3_BUCKET"]
    )


def test_postgres_init_script_creates_strapis_database(compose: dict[str, Any]) -> None:
    postgres = _services(compose)["postgres"]
    (mount,) = postgres["configs"]
    assert mount["target"].startswith("/docker-entrypoint-initdb.d/")
    assert mount["target"].endswith(".sh")
    script = compose["configs"][mount["source"]]["content"]
    assert "CREATE DATABASE" in script
    assert "CREATE ROLE" in script
    assert "${STRAPI_DATABASE_NAME}" in script
    strapi = _environment(_services(compose)["strapi"])
    assert postgres["environment"]["STRAPI_DATABASE_NAME"] == strapi["DATABASE_NAME"]
    assert postgres["environment"]["STRAPI_DATABASE_USERNAME"] == strapi["DATABASE_USERNAME"]
    assert postgres["environment"]["STRAPI_DATABASE_PASSWORD"] == strapi["DATABASE_PASSWORD"]


# --- ports, images, volumes --------------------------------------------------------------


def test_ports_are_published_on_localhost_only_and_do_not_clash(
    compose: dict[str, Any],
) -> None:
    published: set[tuple[str, int]] = set()
    host_ports: list[int] = []
    for name, service in _services(compose).items():
        for port in service.get("ports", []):
            assert isinstance(port, str), f"{name}: quote port mappings"
            match = re.fullmatch(r"127\.0\.0\.1:(\d+):(\d+)", port)
            assert match, f"{name}: {port} must bind 127.0.0.1"
            host_ports.append(int(match.group(1)))
            published.add((name, int(match.group(2))))
    assert published == EXPECTED_PUBLISHED
    assert len(host_ports) == len(set(host_ports))


def test_third_party_images_are_pinned(raw: dict[str, Any]) -> None:
    for name, service in _services(raw).items():
        image = service["image"]
        if "build" in service:
            assert image.endswith(":local"), name
            continue
        _, _, tag = image.rpartition(":")
        assert tag != "latest", f"{name}: {image}"
        assert re.search(r"\d", tag), f"{name}: {image} has no version"


def test_state_lives_in_named_volumes(raw: dict[str, Any]) -> None:
    declared = set(raw["volumes"])
    for name, target in STATEFUL.items():
        mounts = _services(raw)[name]["volumes"]
        assert f"{name}-data:{target}" in mounts, name
    for name, service in _services(raw).items():
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            assert source in declared, f"{name}: {mount} is not a named volume"
    used = {m.split(":")[0] for s in _services(raw).values() for m in s.get("volumes", [])}
    assert used == declared


def test_interpolation_follows_compose_rules() -> None:
    env = {"SET": "v", "EMPTY": ""}
    assert interpolate("$$HOME ${SET} $SET", env) == "$HOME v v"
    assert interpolate("${EMPTY:-d} ${EMPTY-d} ${UNSET-d}", env) == "d  d"
    assert interpolate("${UNSET:-${SET}-x}", env) == "v-x"
    assert interpolate("${SET:+alt}${EMPTY:+alt}", env) == "alt"
    assert interpolate("${EMPTY?fine}", env) == ""
    with pytest.raises(InterpolationError, match="EMPTY"):
        interpolate("${EMPTY:?needed}", env)
