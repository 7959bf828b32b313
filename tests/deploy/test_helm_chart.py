"""helm/gurumisha: linted and rendered by Helm's own Go code, manifests validated offline.

- helm-python-sdk binds Helm v4's library: `helm lint` (strict, with the chart's
  values.schema.json) for each values file, and `helm template` (offline render).
- helm-sdkpy binds Helm's library independently: a second `helm lint`.
- kubernetes-validate checks every rendered object against the Kubernetes API schemas
  (strict: unknown fields are errors).
Then our own assertions on what the rendered manifests do.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from typing import Any

import helm_python
import helm_sdkpy
import kubernetes_validate
import pytest

from sidecar.core.settings import Settings

from ._support import (
    ALL_INTERFACES,
    APP_SECRET_SETTINGS,
    CHART,
    SECRET_NAME,
    STRAPI_SECRET_SETTINGS,
    load_yaml_all,
    read_yaml,
)

KUBE_VERSIONS = ("1.29.0", "1.33.0")
ENVIRONMENTS = ("values-staging.yaml", "values-production.yaml")
RELEASE = "gurumisha"
NAMESPACE = "gurumisha"
WARNING = 2  # helm lint severities: 1 info, 2 warning, 3 error
BOTO3_VARIABLES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def _values(name: str | None) -> dict[str, Any]:
    return {} if name is None else read_yaml(CHART / name)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def render(values: dict[str, Any]) -> list[dict[str, Any]]:
    """`helm template` with Helm's engine: every object of every template, hooks too."""
    with helm_python.Chart.load(CHART) as chart:
        rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    objects: list[dict[str, Any]] = []
    for path, text in sorted(rendered.items()):
        if path.endswith((".yaml", ".yml")):
            for document in load_yaml_all(text):
                document.setdefault("metadata", {}).setdefault("annotations", {})
                document["metadata"]["annotations"]["x-template"] = path
                objects.append(document)
    return objects


def lint(values: dict[str, Any]) -> dict[str, Any]:
    return helm_python.lint(CHART, values, strict=True, kube_version="v1.31.0")


def lint_problems(report: dict[str, Any]) -> list[Any]:
    return list(report["errors"]) + [m for m in report["messages"] if m["severity"] >= WARNING]


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def environment(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def manifests(environment: str) -> list[dict[str, Any]]:
    return render(_values(environment))


def _by_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def _pod_specs(objects: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for o in objects:
        if o["kind"] in {"Deployment", "Job"}:
            yield o["metadata"]["name"], o["spec"]["template"]["spec"]


def _containers(objects: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, pod in _pod_specs(objects):
        for container in pod.get("initContainers", []) + pod["containers"]:
            yield f"{name}/{container['name']}", container


# --- Helm's lint ------------------------------------------------------------------------


@pytest.mark.parametrize("values_file", [None, *ENVIRONMENTS])
def test_helm_lint_passes_strict_with_each_values_file(values_file: str | None) -> None:
    report = lint(_values(values_file))
    assert report["total_charts_linted"] == 1
    assert lint_problems(report) == []


def test_helm_lint_through_helm_sdkpy_passes() -> None:
    report = asyncio.run(helm_sdkpy.Lint(helm_sdkpy.Configuration()).run(str(CHART)))
    assert report["TotalChartsLinted"] == 1
    assert not report["Errors"]
    assert [m for m in report["Messages"] if m["Severity"] >= WARNING] == []


def test_values_schema_rejects_a_secret_among_the_settings() -> None:
    report = lint(_merge(_values("values-production.yaml"), {"settings": {"JWT_SECRET": "x"}}))
    assert any("JWT_SECRET" in str(problem) for problem in lint_problems(report)), report


def test_values_schema_rejects_a_container_without_limits() -> None:
    values = _values("values-production.yaml")
    values["worker"]["resources"] = {"limits": None}  # null deletes the default's key
    report = lint(values)
    assert any("limits" in str(problem) for problem in lint_problems(report)), report


def test_rendering_without_required_values_fails() -> None:
    with pytest.raises(helm_python.HelmError, match=r"strapi\.database\.host is required"):
        render({})
    no_secret = _merge(_values("values-production.yaml"), {"secrets": {"existingSecret": ""}})
    with pytest.raises(helm_python.HelmError):
        render(no_secret)


# --- the rendered manifests -------------------------------------------------------------


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
def test_rendered_manifests_are_valid_kubernetes_objects(
    manifests: list[dict[str, Any]], kube_version: str
) -> None:
    assert len(manifests) >= 12
    for document in manifests:
        document = copy.deepcopy(document)
        del document["metadata"]["annotations"]["x-template"]
        kubernetes_validate.validate(document, kube_version, strict=True)


def test_kubernetes_validate_rejects_a_broken_manifest(manifests: list[dict[str, Any]]) -> None:
    deployment = copy.deepcopy(next(o for o in manifests if o["kind"] == "Deployment"))
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBE_VERSIONS[0], strict=True)


def test_the_chart_renders_every_part(manifests: list[dict[str, Any]]) -> None:
    kinds = sorted(o["kind"] for o in manifests)
    # Settings, Strapi's, and monitoring's: rules, dashboards, alertmanager, fluent-bit.
    expected = ["ConfigMap"] * 6 + ["Deployment"] * 4 + ["Service"] * 2
    expected += ["HorizontalPodAutoscaler", "Ingress", "Job", "PodDisruptionBudget"]
    expected += ["ServiceAccount"]
    assert kinds == sorted(expected)
    assert set(_by_kind(manifests, "Deployment")) == {
        "gurumisha-sidecar",
        "gurumisha-worker",
        "gurumisha-beat",
        "gurumisha-strapi",
    }
    assert not [o for o in manifests if o["kind"] == "Secret"], "secrets are never rendered"


def test_deployments_run_the_right_commands(manifests: list[dict[str, Any]]) -> None:
    deployments = _by_kind(manifests, "Deployment")

    def args(name: str) -> list[str]:
        return deployments[name]["spec"]["template"]["spec"]["containers"][0]["args"]

    assert args("gurumisha-sidecar")[:3] == ["serve", "--host", ALL_INTERFACES]
    assert args("gurumisha-worker") == ["worker", "--concurrency", "2"]
    assert args("gurumisha-beat") == ["beat"]
    (job,) = _by_kind(manifests, "Job").values()
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]


def test_migrations_run_as_a_pre_install_and_pre_upgrade_hook(
    manifests: list[dict[str, Any]],
) -> None:
    (job,) = _by_kind(manifests, "Job").values()
    annotations = job["metadata"]["annotations"]
    assert set(annotations["helm.sh/hook"].split(",")) == {"pre-install", "pre-upgrade"}
    assert "before-hook-creation" in annotations["helm.sh/hook-delete-policy"]
    pod = job["spec"]["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    # Before install, the chart's ConfigMap and ServiceAccount do not exist yet.
    container = pod["containers"][0]
    assert "envFrom" not in container
    assert "serviceAccountName" not in pod
    names = {entry["name"] for entry in container["env"]}
    assert {"DATABASE_URL", "ENVIRONMENT", "JWT_SECRET"} <= names


def test_beat_is_a_single_replica_with_the_recreate_strategy(
    manifests: list[dict[str, Any]],
) -> None:
    beat = _by_kind(manifests, "Deployment")["gurumisha-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}


def test_sidecar_probes_autoscaling_and_disruption_budget(
    manifests: list[dict[str, Any]],
) -> None:
    sidecar = _by_kind(manifests, "Deployment")["gurumisha-sidecar"]
    assert "replicas" not in sidecar["spec"], "the HPA owns the replica count"
    container = sidecar["spec"]["template"]["spec"]["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert {p["name"]: p["containerPort"] for p in container["ports"]} == {"http": 8000}

    (hpa,) = _by_kind(manifests, "HorizontalPodAutoscaler").values()
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "gurumisha-sidecar",
    }
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"]["type"] == "Utilization"
    assert hpa["spec"]["minReplicas"] >= 2

    (pdb,) = _by_kind(manifests, "PodDisruptionBudget").values()
    pod_labels = sidecar["spec"]["template"]["metadata"]["labels"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"]


def test_strapi_probes_its_health_endpoint(manifests: list[dict[str, Any]]) -> None:
    strapi = _by_kind(manifests, "Deployment")["gurumisha-strapi"]
    container = strapi["spec"]["template"]["spec"]["containers"][0]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_health"
    assert container["ports"][0]["containerPort"] == 1337


def test_every_container_has_requests_and_limits(manifests: list[dict[str, Any]]) -> None:
    for name, container in _containers(manifests):
        for section in ("requests", "limits"):
            assert set(container["resources"][section]) >= {"cpu", "memory"}, name


def test_pods_run_unprivileged(manifests: list[dict[str, Any]]) -> None:
    for name, pod in _pod_specs(manifests):
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] > 0, name
    for name, container in _containers(manifests):
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["capabilities"]["drop"] == ["ALL"], name
        assert security["readOnlyRootFilesystem"] is True, name
        mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
        assert "/tmp" in mounts, f"{name}: a writable /tmp"


def test_services_and_ingress_reach_running_pods(
    manifests: list[dict[str, Any]], environment: str
) -> None:
    deployments = _by_kind(manifests, "Deployment")
    services = _by_kind(manifests, "Service")
    for name, service in services.items():
        selector = service["spec"]["selector"]
        targets = [
            d
            for d in deployments.values()
            if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(targets) == 1, name
        container_ports = {
            p["name"] for p in targets[0]["spec"]["template"]["spec"]["containers"][0]["ports"]
        }
        assert {p["targetPort"] for p in service["spec"]["ports"]} <= container_ports

    (ingress,) = _by_kind(manifests, "Ingress").values()
    tls_hosts = {host for entry in ingress["spec"]["tls"] for host in entry["hosts"]}
    rule_hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
    assert rule_hosts == tls_hosts
    values = _values(environment)["ingress"]
    assert rule_hosts == {values["api"]["host"], values["cms"]["host"]}
    backends = {
        rule["host"]: path["backend"]["service"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends[values["api"]["host"]]["name"] == "gurumisha-sidecar"
    assert backends[values["cms"]["host"]]["name"] == "gurumisha-strapi"
    for backend in backends.values():
        ports = {p["name"] for p in services[backend["name"]]["spec"]["ports"]}
        assert backend["port"]["name"] in ports


def test_secrets_come_only_from_existing_secrets(
    manifests: list[dict[str, Any]], environment: str
) -> None:
    values = _values(environment)
    app_secret = values["secrets"]["existingSecret"]
    strapi_secret = values["strapi"]["existingSecret"]
    for name, container in _containers(manifests):
        expected = strapi_secret if name.startswith("gurumisha-strapi/") else app_secret
        secret_names = APP_SECRET_SETTINGS if expected == app_secret else STRAPI_SECRET_SETTINGS
        read = set()
        for entry in container.get("env", []):
            if entry["name"] in secret_names:
                assert "value" not in entry, f"{name}: {entry['name']} written inline"
                reference = entry["valueFrom"]["secretKeyRef"]
                assert reference["name"] == expected, name
                assert reference["key"] == entry["name"]
                read.add(entry["name"])
        assert read == secret_names, name
        for source in container.get("envFrom", []):
            assert "secretRef" not in source, name
    for configmap in _by_kind(manifests, "ConfigMap").values():
        secretish = [key for key in configmap["data"] if SECRET_NAME.search(key)]
        assert secretish == [], configmap["metadata"]["name"]


def test_settings_configmap_holds_real_settings(manifests: list[dict[str, Any]]) -> None:
    configmap = _by_kind(manifests, "ConfigMap")["gurumisha-settings"]
    data = configmap["data"]
    known = {name.upper() for name in Settings.model_fields}
    assert sorted(set(data) - known) == []
    assert all(isinstance(value, str) and value for value in data.values())
    assert data["ENVIRONMENT"] == "production"
    assert data["COOKIE_SECURE"] == "true"
    assert data["STRAPI_URL"] == "http://gurumisha-strapi:1337"
    Settings.model_validate({k.lower(): v for k, v in data.items()} | {"jwt_secret": "s" * 40})
    for name, container in _containers(manifests):
        if name.startswith(("gurumisha-sidecar/", "gurumisha-worker/", "gurumisha-beat/")):
            assert container["envFrom"] == [{"configMapRef": {"name": "gurumisha-settings"}}]
    secret_keys = APP_SECRET_SETTINGS - BOTO3_VARIABLES
    assert secret_keys <= known, "every secret the chart reads is an application setting"


def test_production_uses_external_managed_services() -> None:
    values = _values("values-production.yaml")
    settings = values["settings"]
    assert "S3_ENDPOINT_URL" not in settings, "production talks to AWS S3 itself"
    assert settings["S3_BUCKET"]
    assert values["strapi"]["database"]["host"].endswith(".rds.amazonaws.com")
    assert values["strapi"]["database"]["ssl"] is True
    assert values["strapi"]["upload"]["s3Bucket"]
    assert "eks.amazonaws.com/role-arn" in values["serviceAccount"]["annotations"]
    # No in-cluster database, cache or broker: the chart has none to turn on.
    kinds = {o["kind"] for o in render(values)}
    assert "StatefulSet" not in kinds


def test_values_files_hold_no_secret_values() -> None:
    # Names of Secrets (references), not secret values.
    allowed = {"secrets", "existingSecret", "imagePullSecrets", "tlsSecretName"}

    def walk(node: Any, path: str) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if SECRET_NAME.search(str(key)) and key not in allowed:
                    yield f"{path}.{key}"
                yield from walk(value, f"{path}.{key}")

    for name in ("values.yaml", *ENVIRONMENTS):
        assert list(walk(read_yaml(CHART / name), name)) == []


def test_switches_turn_parts_off() -> None:
    values = _merge(
        _values("values-staging.yaml"),
        {
            "sidecar": {
                "autoscaling": {"enabled": False},
                "podDisruptionBudget": {"enabled": False},
            },
            "strapi": {"enabled": False},
            "migrations": {"enabled": False},
        },
    )
    objects = render(values)
    deployments = _by_kind(objects, "Deployment")
    assert set(deployments) == {"gurumisha-sidecar", "gurumisha-worker", "gurumisha-beat"}
    assert deployments["gurumisha-sidecar"]["spec"]["replicas"] == 2
    kinds = {o["kind"] for o in objects}
    assert not kinds & {"HorizontalPodAutoscaler", "PodDisruptionBudget", "Job"}
    (ingress,) = _by_kind(objects, "Ingress").values()
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == ["api.staging.gurumisha.co.ke"]
    settings = _by_kind(objects, "ConfigMap")["gurumisha-settings"]["data"]
    assert "STRAPI_URL" not in settings


def test_image_tag_defaults_to_the_app_version_and_can_be_set() -> None:
    chart = read_yaml(CHART / "Chart.yaml")
    assert chart["name"] == "gurumisha"
    objects = render(_values("values-production.yaml"))
    images = {c["image"] for _, c in _containers(objects)}
    assert images == {
        f"ghcr.io/gurumisha-motors/gurumisha:{chart['appVersion']}",
        f"ghcr.io/gurumisha-motors/gurumisha-strapi:{chart['appVersion']}",
    }
    values = _merge(
        _values("values-production.yaml"),
        {"image": {"tag": "0123abc"}, "strapi": {"image": {"tag": "0123abc"}}},
    )
    assert all(c["image"].endswith(":0123abc") for _, c in _containers(render(values)))


def test_the_ingress_routes_only_the_api_docs_and_media(environment):
    """Probes and metrics are for the cluster, never the internet (audit finding 9)."""
    values = _values(environment)
    (ingress,) = _by_kind(render(values), "Ingress").values()
    api = next(
        rule
        for rule in ingress["spec"]["rules"]
        if rule["host"] == values["ingress"]["api"]["host"]
    )
    assert {path["path"] for path in api["http"]["paths"]} == {
        "/v1",
        "/media",
        "/docs",
        "/openapi.json",
    }


# --- monitoring (files/monitoring; the files themselves are tested in tests/monitoring) ---

MONITORING_FILES = CHART / "files" / "monitoring"


def _monitoring(**overrides: Any) -> dict[str, Any]:
    return _merge(_values("values-production.yaml"), {"monitoring": overrides})


def test_monitoring_off_renders_none_of_it() -> None:
    objects = render(_monitoring(enabled=False))
    names = {o["metadata"]["name"] for o in objects}
    assert not {n for n in names if n.endswith(("-prometheus", "-dashboards", "-alertmanager"))}
    assert "gurumisha-fluent-bit" not in names
    assert not {o["kind"] for o in objects} & {"PrometheusRule", "ServiceMonitor"}
    assert lint_problems(lint(_monitoring(enabled=False))) == []


def test_without_the_operator_rules_and_scrape_config_are_a_configmap() -> None:
    # "auto" on a cluster without monitoring.coreos.com/v1 (an offline render has none).
    objects = render(_monitoring(enabled=True, mode="auto"))
    assert not {o["kind"] for o in objects} & {"PrometheusRule", "ServiceMonitor"}
    data = _by_kind(objects, "ConfigMap")["gurumisha-prometheus"]["data"]
    rules = MONITORING_FILES / "prometheus" / "gurumisha.rules.yaml"
    assert data["gurumisha.rules.yaml"] == rules.read_text().rstrip("\n")
    (job,) = load_yaml_all(data["scrape-config.yaml"])[0]
    assert job["job_name"] == "gurumisha-sidecar"


def test_with_the_operator_a_prometheus_rule_and_a_service_monitor() -> None:
    values = _monitoring(enabled=True, mode="operator", scrapeInterval="15s")
    objects = render(values)
    assert lint_problems(lint(values)) == []
    (rule,) = _by_kind(objects, "PrometheusRule").values()
    assert rule["apiVersion"] == "monitoring.coreos.com/v1"
    assert rule["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    rules = read_yaml(MONITORING_FILES / "prometheus" / "gurumisha.rules.yaml")
    assert rule["spec"] == rules
    (monitor,) = _by_kind(objects, "ServiceMonitor").values()
    service = _by_kind(objects, "Service")["gurumisha-sidecar"]
    assert (
        monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    )
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": [NAMESPACE]}
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] in {p["name"] for p in service["spec"]["ports"]}
    assert (endpoint["path"], endpoint["interval"]) == ("/metrics", "15s")
    # The job the rules select, whatever the release is called.
    assert {"targetLabel": "job", "replacement": "gurumisha-sidecar"} in endpoint["relabelings"]
    assert 'job="gurumisha-sidecar"' in str(rules)
    # No ConfigMap of rules beside the PrometheusRule.
    assert "gurumisha-prometheus" not in _by_kind(objects, "ConfigMap")


def test_fluent_bit_ships_this_namespaces_containers_to_elasticsearch() -> None:
    objects = render(_monitoring(enabled=True))
    data = _by_kind(objects, "ConfigMap")["gurumisha-fluent-bit"]["data"]
    config = data["fluent-bit.conf"]
    sections: dict[str, dict[str, str]] = {}
    current = ""
    for raw in config.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            assert current not in sections or current == "FILTER", current
            sections.setdefault(current, {})
            continue
        key, _, value = line.partition(" ")
        sections[current][key] = value.strip()
    assert "{{" not in config
    tail, output = sections["INPUT"], sections["OUTPUT"]
    assert tail["Name"] == "tail"
    for container in ("sidecar", "worker", "beat", "strapi"):
        assert f"_{NAMESPACE}_{container}-*.log" in tail["Path"]
    assert output["Name"] == "es"
    assert output["Host"] == "elasticsearch-production.logging.svc"
    assert (output["tls"], output["tls.verify"]) == ("On", "On")
    assert output["Logstash_Prefix"] == "gurumisha-production"
    # Credentials come from the DaemonSet's environment, never from the ConfigMap.
    assert (output["HTTP_User"], output["HTTP_Passwd"]) == ("${ES_USER}", "${ES_PASSWORD}")
    # The application's @timestamp stays; Fluent Bit's own time gets another name.
    assert output["Time_Key"] == "event.ingested"
    assert "Name         gurumisha_json" in data["parsers.conf"]
    saved = [line for line in data["kibana-saved-objects.ndjson"].splitlines() if line]
    assert '"title":"gurumisha-production-*"' in saved[0]


def test_an_image_digest_pins_the_image() -> None:
    digest = "sha256:" + "ab" * 32
    values = _merge(
        _values("values-production.yaml"),
        {"image": {"tag": "abc123", "digest": digest}, "strapi": {"image": {"digest": digest}}},
    )
    for name, container in _containers(render(values)):
        repository = "gurumisha-strapi" if name.startswith("gurumisha-strapi/") else "gurumisha"
        assert container["image"] == f"ghcr.io/gurumisha-motors/{repository}@{digest}", name
    bad = _merge(_values("values-production.yaml"), {"image": {"digest": "latest"}})
    assert any("digest" in str(problem) for problem in lint_problems(lint(bad)))
