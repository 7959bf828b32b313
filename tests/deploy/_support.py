"""Shared helpers of the deployment checks: paths, a strict YAML loader, and Compose's
variable interpolation.

Everything here is offline: the schemas are vendored under ``schemas/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = Path(__file__).resolve().parent / "schemas"
CHART = REPO / "helm" / "gurumisha"
COMPOSE_FILE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
WORKFLOWS = REPO / ".github" / "workflows"
# What a server inside a container binds to (checked, not bound, here).
ALL_INTERFACES = "0.0.0.0"  # noqa: S104

# Names that hold secrets, in the application (the list) and in Strapi.
APP_SECRET_SETTINGS = frozenset(
    {
        "JWT_SECRET",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "TWILIO_AUTH_TOKEN",
        "SMTP_PASSWORD",
        "STRAPI_API_TOKEN",
        "STRAPI_WEBHOOK_SECRET",
        "FRONTEND_REVALIDATE_SECRET",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    }
)
STRAPI_SECRET_SETTINGS = frozenset(
    {
        "DATABASE_PASSWORD",
        "APP_KEYS",
        "API_TOKEN_SALT",
        "ADMIN_JWT_SECRET",
        "TRANSFER_TOKEN_SALT",
        "JWT_SECRET",
        "STRAPI_WEBHOOK_SECRET",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "ENCRYPTION_KEY",
    }
)
# A variable or key whose name says it holds a secret.
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|_KEYS?$|_KEY_|SALT|PASS$", re.IGNORECASE)
# user:password@ inside a URL.
URL_CREDENTIALS = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]*:([^@\s]+)@", re.IGNORECASE)


class DuplicateKeyError(yaml.YAMLError):
    """A mapping with the same key twice (YAML allows it silently; we do not)."""


class StrictLoader(yaml.SafeLoader):
    """YAML 1.2 booleans (``on``/``yes`` stay strings, as for GitHub and Compose) and
    no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise DuplicateKeyError(f"duplicate key {key!r} {key_node.start_mark}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader


def load_yaml_all(text: str) -> list[Any]:
    return [doc for doc in yaml.load_all(text, Loader=StrictLoader) if doc is not None]


def read_yaml(path: Path) -> Any:
    return load_yaml(path.read_text(encoding="utf-8"))


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def schema_errors(schema_name: str, document: Any) -> list[str]:
    """Every violation of a vendored JSON schema, as 'path: message' lines."""
    from jsonschema import validators

    spec = schema(schema_name)
    validator_class = validators.validator_for(spec)
    validator_class.check_schema(spec)
    validator = validator_class(spec, format_checker=validator_class.FORMAT_CHECKER)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    ]


# --- .env files ----------------------------------------------------------------------


def parse_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as Compose reads them (comments, blank lines, optional quotes)."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ValueError(f"{path.name}:{number}: not KEY=VALUE: {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if key in values:
            raise ValueError(f"{path.name}:{number}: {key} set twice")
        values[key] = value
    return values


# --- Compose interpolation -------------------------------------------------------------


class InterpolationError(ValueError):
    """A required variable (``${VAR:?message}``) is missing, or the syntax is wrong."""


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    raise InterpolationError(f"unclosed ${{ in {text!r}")


def interpolate(text: str, env: Mapping[str, str], used: set[str] | None = None) -> str:
    """Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e},
    ${VAR?e}, ${VAR:+a}, ${VAR+a}, with nested expressions in the defaults.

    ``used`` collects the names referenced."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "$":
            out.append(char)
            index += 1
            continue
        following = text[index + 1 : index + 2]
        if following == "$":
            out.append("$")
            index += 2
            continue
        if following == "{":
            end = _closing_brace(text, index + 1)
            out.append(_expression(text[index + 2 : end], env, used))
            index = end + 1
            continue
        match = _NAME.match(text, index + 1)
        if match:
            if used is not None:
                used.add(match.group())
            out.append(env.get(match.group(), ""))
            index = match.end()
            continue
        out.append("$")
        index += 1
    return "".join(out)


def _expression(body: str, env: Mapping[str, str], used: set[str] | None) -> str:
    match = _NAME.match(body)
    if not match:
        raise InterpolationError(f"bad variable name in ${{{body}}}")
    name = match.group()
    if used is not None:
        used.add(name)
    rest = body[match.end() :]
    value = env.get(name)
    if not rest:
        return value or ""
    for operator in (":-", ":?", ":+", "-", "?", "+"):
        if rest.startswith(operator):
            argument = rest[len(operator) :]
            break
    else:
        raise InterpolationError(f"bad operator in ${{{body}}}")
    unset_or_empty = not value
    missing = unset_or_empty if operator.startswith(":") else value is None
    if operator.endswith("-"):
        return interpolate(argument, env, used) if missing else (value or "")
    if operator.endswith("?"):
        if missing:
            raise InterpolationError(f"required variable {name} is missing: {argument}")
        return value or ""
    return "" if missing else interpolate(argument, env, used)


def interpolate_tree(node: Any, env: Mapping[str, str], used: set[str] | None = None) -> Any:
    """Interpolate every string value (not keys) of a loaded Compose document."""
    if isinstance(node, dict):
        return {key: interpolate_tree(value, env, used) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate_tree(item, env, used) for item in node]
    if isinstance(node, str):
        return interpolate(node, env, used)
    return node


def strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string value in a tree, with its path."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(strings(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(strings(item, f"{path}[{index}]"))
    elif isinstance(node, str):
        found.append((path, node))
    return found
