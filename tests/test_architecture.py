"""The layout of docs/ARCHITECTURE.md, kept: import contracts and one shape per domain."""

from __future__ import annotations

import importlib
import inspect
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = (
    "audit",
    "auth",
    "cars",
    "content",
    "health",
    "imports",
    "inquiries",
    "media",
    "notifications",
    "orders",
    "parts",
    "stats",
    "vendors",
)
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """sidecar/, workers/ and the contracts, copied to change them freely."""
    for package in ("sidecar", "workers"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text() + f"\n{line}\n")


class TestImportContracts:
    def test_the_tree_keeps_every_contract(self, tree_copy):
        result = _lint(tree_copy)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2 kept, 0 broken" in result.stdout

    def test_core_importing_a_domain_breaks_the_layers(self, tree_copy):
        _append(tree_copy / "sidecar/core/clock.py", "import sidecar.cars.service  # noqa")
        result = _lint(tree_copy)
        assert result.returncode == 1
        assert "BROKEN" in result.stdout
        assert "sidecar.core.clock -> sidecar.cars.service" in result.stdout

    def test_sidecar_importing_workers_breaks_the_layers(self, tree_copy):
        _append(tree_copy / "sidecar/cars/service.py", "import workers.tasks  # noqa")
        result = _lint(tree_copy)
        assert result.returncode == 1
        assert "sidecar.cars.service -> workers.tasks" in result.stdout

    def test_a_cycle_between_domains_breaks_the_acyclic_contract(self, tree_copy):
        _append(tree_copy / "sidecar/content/tasks.py", "import sidecar.cars.service  # noqa")
        result = _lint(tree_copy)
        assert result.returncode == 1
        assert "No cycles between domain packages" in result.stdout
        assert "BROKEN" in result.stdout


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_has_the_same_files(domain):
    package = ROOT / "sidecar" / domain
    names = {path.name for path in package.glob("*.py")}
    assert {"endpoints.py", "service.py", "schemas.py", "repository.py"} <= names


def _mentions_dict_of_any(hint: object) -> bool:
    if typing.get_origin(hint) is dict and typing.get_args(hint) == (str, typing.Any):
        return True
    return any(_mentions_dict_of_any(arg) for arg in typing.get_args(hint))


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_service_returns_dict_views(domain):
    module = importlib.import_module(f"sidecar.{domain}.service")
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module.__name__:
            continue
        returned = typing.get_type_hints(function).get("return")
        assert not _mentions_dict_of_any(returned), f"{module.__name__}.{name} -> {returned}"


def test_top_of_sidecar_holds_only_entry_points_and_packages():
    loose = {path.name for path in (ROOT / "sidecar").glob("*.py")}
    assert loose == {"__init__.py", "app.py", "cli.py"}


def test_every_route_ends_its_transaction_in_its_own_thread():
    """A router built without TransactionalRoute brings back the pool/thread deadlock
    of docs/PERFORMANCE.md ("Overload and capacity")."""
    from fastapi.routing import APIRoute

    from sidecar.app import ROUTERS
    from sidecar.http.routing import TransactionalRoute

    routes = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
    assert routes
    assert [route.path for route in routes if not isinstance(route, TransactionalRoute)] == []
