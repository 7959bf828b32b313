"""promtool and amtool (Debian's prometheus and prometheus-alertmanager packages), put
under .tools/bin by scripts/monitoring-tools, which scripts/test runs first."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MONITORING = REPO / "helm" / "gurumisha" / "files" / "monitoring"
RULES = MONITORING / "prometheus" / "gurumisha.rules.yaml"
RULES_TEST = Path(__file__).resolve().parent / "gurumisha.rules.test.yaml"
ALERTMANAGER = MONITORING / "alertmanager" / "alertmanager.yaml"
DASHBOARDS = MONITORING / "dashboards"


def tool(name: str) -> str:
    found = shutil.which(name, path=f"{REPO / '.tools' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert found, f"{name} is missing: run bash scripts/monitoring-tools"
    return found


def run(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool(name), *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )
