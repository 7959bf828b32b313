"""`gurumisha dev`: the whole platform on one machine, with demo data.

One embedded PostgreSQL holds the sidecar's database and Strapi's; Strapi (from
strapi-config/, demo editorial content seeded on an empty database) and the
storefront (frontend/, `next start`) run as child processes in their own process
groups; the sidecar serves in this process with in-process jobs. The installs
(strapi-config's and frontend's node_modules, the storefront's build) run in
parallel with the migrations and demo data, and are skipped when up to date.
Ctrl-C stops the children, then the embedded PostgreSQL.

An entry point, like cli.py: it wires processes and settings together and holds no
rule of the business.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
STRAPI = ROOT / "strapi-config"
STRAPI_DATABASE = "strapi"
BOOT_TIMEOUT = 180.0

Say = Callable[[str], None]


class PortInUse(RuntimeError):
    """A port the platform needs is taken (another run, another program)."""


@dataclass(frozen=True, kw_only=True)
class DevOptions:
    host: str = "127.0.0.1"
    api_port: int = 8000
    web_port: int = 3000
    strapi_port: int = 1337
    strapi: bool = True
    storefront: bool = True

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def strapi_url(self) -> str:
        return f"http://{self.host}:{self.strapi_port}"


def frontend_sources_mtime(frontend: Path = FRONTEND) -> float:
    """The newest modification time of what `next build` reads."""
    newest = 0.0
    for folder in ("app", "components", "lib", "public"):
        for path in (frontend / folder).rglob("*"):
            if path.is_file():
                newest = max(newest, path.stat().st_mtime)
    for name in ("package-lock.json", "next.config.ts", "proxy.ts", "postcss.config.mjs"):
        if (frontend / name).exists():
            newest = max(newest, (frontend / name).stat().st_mtime)
    return newest


def frontend_build_is_stale(frontend: Path = FRONTEND) -> bool:
    build_id = frontend / ".next" / "BUILD_ID"
    return not build_id.exists() or build_id.stat().st_mtime < frontend_sources_mtime(frontend)


class Child:
    """A child process in its own process group (a stop takes its children), logging to a file."""

    def __init__(self, name: str, command: list[str], *, cwd: Path, env: dict[str, str], log: Path):
        self.name = name
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a") as handle:
            self.popen = subprocess.Popen(  # noqa: S603 - our own commands
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def running(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            if self.running():
                os.killpg(self.popen.pid, signal.SIGTERM)
                try:
                    self.popen.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                    self.popen.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)  # a lingering grandchild

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _run(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a") as handle:
        result = subprocess.run(  # noqa: S603 - our own commands
            command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False
        )
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise RuntimeError(f"`{' '.join(command)}` failed ({result.returncode}):\n{tail}")


def _answers(url: str, status: int) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own URL
            return bool(response.status == status)
    except OSError:
        return False


def _wait(predicate: Callable[[], object], child: Child, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if not child.running():
            return False
        time.sleep(0.2)
    return False


def _port_free(host: str, port: int) -> bool:
    import socket

    with socket.socket() as sock:
        # As the servers bind: connections of a stopped run (TIME_WAIT) do not count.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def dev_secrets(data_dir: Path) -> dict[str, str]:
    """Random secrets kept in the data folder, so a restart keeps sessions and tokens."""
    path = data_dir / "dev-secrets.json"
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    names = (
        "app_keys",
        "api_token_salt",
        "admin_jwt_secret",
        "transfer_token_salt",
        "strapi_jwt_secret",
        "webhook_secret",
        "revalidate_secret",
        "preview_secret",
    )
    changed = False
    for name in names:
        if name not in stored:
            stored[name] = (
                f"{secrets.token_hex(16)},{secrets.token_hex(16)}"
                if name == "app_keys"
                else secrets.token_hex(24)
            )
            changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
    return stored


def _base_env() -> dict[str, str]:
    return dict(os.environ) | {"NEXT_TELEMETRY_DISABLED": "1", "STRAPI_TELEMETRY_DISABLED": "true"}


@dataclass
class DevStack:
    """The children of one `gurumisha dev` run, stopped in reverse order."""

    options: DevOptions
    data_dir: Path
    say: Say
    children: list[Child] = field(default_factory=list)

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    def prepare(self, *, node: bool) -> dict[str, Future[None]]:
        """Starts the installs in the background; the caller migrates meanwhile."""
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dev-install")
        jobs: dict[str, Future[None]] = {}
        env = _base_env()
        if node and self.options.strapi:
            jobs["strapi"] = pool.submit(
                _run,
                ["bash", str(ROOT / "scripts" / "strapi-deps")],
                cwd=ROOT,
                env=env,
                log=self.logs / "strapi-install.log",
            )
        if node and self.options.storefront:
            jobs["storefront"] = pool.submit(self._prepare_storefront, env)
        pool.shutdown(wait=False)
        return jobs

    def _prepare_storefront(self, env: dict[str, str]) -> None:
        log = self.logs / "storefront-install.log"
        _run(["bash", str(ROOT / "scripts" / "frontend-deps")], cwd=ROOT, env=env, log=log)
        if frontend_build_is_stale():
            self.say("storefront: building (next build, about 30-60 s; cached afterwards)")
            _run(["npm", "run", "build"], cwd=FRONTEND, env=env, log=log)

    def start_strapi(self, *, socket_dir: str, secrets_: dict[str, str]) -> str | None:
        """Strapi on the embedded server (node-postgres connects through its socket
        folder); returns the API token its bootstrap wrote, or None if it did not start."""
        token_file = self.data_dir / "strapi-api-token"
        env = _base_env() | {
            "NODE_ENV": "production",
            "DATABASE_URL": f"postgresql://postgres@localhost/{STRAPI_DATABASE}?host={socket_dir}",
            "DATABASE_SSL": "false",
            "HOST": self.options.host,
            "PORT": str(self.options.strapi_port),
            "PUBLIC_URL": self.options.strapi_url,
            "STRAPI_SERVE_ADMIN": os.environ.get("STRAPI_SERVE_ADMIN", "false"),
            "APP_KEYS": secrets_["app_keys"],
            "API_TOKEN_SALT": secrets_["api_token_salt"],
            "ADMIN_JWT_SECRET": secrets_["admin_jwt_secret"],
            "TRANSFER_TOKEN_SALT": secrets_["transfer_token_salt"],
            "JWT_SECRET": secrets_["strapi_jwt_secret"],
            "STRAPI_WEBHOOK_SECRET": secrets_["webhook_secret"],
            "SIDECAR_WEBHOOK_URL": f"{self.options.api_url}/v1/webhooks/strapi",
            "STRAPI_BOOTSTRAP_API_TOKEN_FILE": str(token_file),
            "STRAPI_SEED_DEMO": "true",
            "STOREFRONT_URL": self.options.web_url,
            "PREVIEW_SECRET": secrets_["preview_secret"],
            "CMS_LOCALES": "en,sw",
            "CMS_DEFAULT_LOCALE": "en",
            "S3_BUCKET": "",
        }
        strapi = Child(
            "strapi", ["npm", "run", "start"], cwd=STRAPI, env=env, log=self.logs / "strapi.log"
        )
        self.children.append(strapi)
        if not _wait(
            lambda: _answers(f"{self.options.strapi_url}/_health", 204), strapi, BOOT_TIMEOUT
        ):
            self.say(
                "strapi: did not start; content sections stay empty. "
                f"End of its log:\n{strapi.tail()}"
            )
            strapi.stop()
            return None
        _wait(lambda: token_file.exists() and token_file.read_text().strip(), strapi, 30)
        return token_file.read_text().strip() if token_file.exists() else None

    def start_storefront(self, *, secrets_: dict[str, str], strapi_up: bool) -> bool:
        env = _base_env() | {
            "NODE_ENV": "production",
            # Pages cached by an earlier run would show its data: memory only, per run.
            "ISR_DISK_CACHE": "false",
            "PORT": str(self.options.web_port),
            "GURUMISHA_API_URL": self.options.api_url,
            "REVALIDATE_SECRET": secrets_["revalidate_secret"],
            "PREVIEW_SECRET": secrets_["preview_secret"],
            "PAYMENTS_SIMULATED": os.environ.get("PAYMENTS_SIMULATED", "true"),
            "SITE_URL": self.options.web_url,
        }
        if strapi_up:
            env["STRAPI_URL"] = self.options.strapi_url
            token = self.data_dir / "strapi-api-token"
            if token.exists():
                env.setdefault("STRAPI_PREVIEW_TOKEN", token.read_text().strip())
        next_bin = FRONTEND / "node_modules" / "next" / "dist" / "bin" / "next"
        command = ["node", str(next_bin), "start", "--port", str(self.options.web_port),
                   "--hostname", self.options.host]  # fmt: skip
        web = Child("storefront", command, cwd=FRONTEND, env=env, log=self.logs / "storefront.log")
        self.children.append(web)
        if not _wait(lambda: _answers(f"{self.options.web_url}/robots.txt", 200), web, 60):
            self.say(f"storefront: did not start. End of its log:\n{web.tail()}")
            web.stop()
            return False
        return True

    def stop(self) -> None:
        for child in reversed(self.children):
            child.stop()
        self.children.clear()


def sidecar_environment(options: DevOptions, secrets_: dict[str, str]) -> dict[str, str]:
    """The sidecar's settings for the whole platform (what the caller has set wins)."""
    values = {
        "COOKIE_SECURE": "false",  # local http: a Secure cookie would never come back
        "PAYMENTS_SIMULATED": "true",
        "PUBLIC_BASE_URL": options.api_url,
    }
    if options.storefront:
        values |= {
            # Photos and their upload forms on the storefront's origin (it proxies /media, /v1).
            "PUBLIC_BASE_URL": options.web_url,
            "CORS_ORIGINS": options.web_url,
            "FRONTEND_REVALIDATE_URL": f"{options.web_url}/api/revalidate",
            "FRONTEND_REVALIDATE_SECRET": secrets_["revalidate_secret"],
            # Every browser request reaches the sidecar from the storefront's address.
            "AUTH_RATE_LIMIT_PER_MINUTE": "100",
        }
    if options.strapi:
        values |= {
            "STRAPI_URL": options.strapi_url,
            "STRAPI_WEBHOOK_SECRET": secrets_["webhook_secret"],
        }
    return values


@contextlib.contextmanager
def running_platform(
    options: DevOptions,
    *,
    data_dir: Path,
    database_ready: Callable[[], str | None],
    say: Say,
) -> Iterator[DevStack]:
    """Installs and starts Strapi and the storefront around the caller's sidecar.

    ``database_ready`` migrates and loads the demo data (while the installs run) and
    returns the embedded server's socket folder, or None for an external database
    (then Strapi is not started: its database would need creating by hand).
    """
    node = shutil.which("node") is not None and shutil.which("npm") is not None
    wanted = [
        name for name, on in (("strapi", options.strapi), ("storefront", options.storefront)) if on
    ]
    if wanted and not node:
        say(f"Node.js 20+ with npm is not installed: starting without {' and '.join(wanted)}")
    for name, port in (
        ("API", options.api_port),
        ("storefront", options.web_port),
        ("Strapi", options.strapi_port),
    ):
        if (
            name == "API"
            or (name == "storefront" and options.storefront)
            or (name == "Strapi" and options.strapi)
        ) and not _port_free(options.host, port):
            raise PortInUse(
                f"port {port} ({name}) is in use: stop what uses it or pick another port"
            )
    stack = DevStack(options, data_dir, say)
    secrets_ = dev_secrets(data_dir)
    jobs = stack.prepare(node=node)
    try:
        socket_dir = database_ready()
        strapi_token: str | None = None
        if "strapi" in jobs:
            try:
                jobs["strapi"].result()
                if socket_dir is None:
                    say(
                        "strapi: skipped (DATABASE_URL is set: "
                        "give Strapi a database of its own by hand)"
                    )
                else:
                    strapi_token = stack.start_strapi(socket_dir=socket_dir, secrets_=secrets_)
            except RuntimeError as error:
                say(f"strapi: not started: {error}")
        if strapi_token:
            os.environ.setdefault("STRAPI_API_TOKEN", strapi_token)
        if "storefront" in jobs:
            try:
                jobs["storefront"].result()
                stack.start_storefront(secrets_=secrets_, strapi_up=strapi_token is not None)
            except RuntimeError as error:
                say(f"storefront: not started: {error}")
        yield stack
    finally:
        stack.stop()
