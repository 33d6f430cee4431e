"""A throwaway PostgreSQL server for the test suite, and pytest fixtures around it.

``ThrowawayPostgres.start()`` runs ``initdb`` in a fresh temporary directory and starts
``postgres`` on 127.0.0.1 with a free port (unix socket in the same directory, durability off:
``fsync``, ``synchronous_commit`` and ``full_page_writes`` are disabled). As root, the data
directory belongs to the ``postgres`` system user and every server command runs through
``runuser -u postgres --`` (the server refuses to run as root); otherwise it runs as the current
user. ``stop()`` shuts the server down (``-m fast``) and deletes the directory; it is also
registered with ``atexit`` so an aborted test session leaves nothing running.

Server binaries are looked up in ``/usr/lib/postgresql/*/bin`` (highest version first), then on
``PATH``; ``scripts/ensure-system-deps.sh`` installs them on Debian.

Set ``MONEV_TEST_PG_URL`` to an existing server's admin URL (for example
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) to use that server instead of starting
one. Only databases created by this module are ever dropped.

Admin SQL goes through psycopg 3 in autocommit mode. URLs are SQLAlchemy URLs
(``postgresql+psycopg://postgres@127.0.0.1:PORT/dbname``).

Fixtures (import them into a conftest or test module)::

    from tests.postgres import postgres_server, postgres_url  # noqa: F401

* ``postgres_server`` (session): the running ``ThrowawayPostgres``; one per test process even when
  several modules import the fixture.
* ``postgres_url`` (function): URL of a fresh, empty database, dropped after the test
  (``DROP DATABASE … WITH (FORCE)`` terminates connections left open, e.g. by a pooled engine).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest

if TYPE_CHECKING:
    import psycopg

ENV_URL = "MONEV_TEST_PG_URL"
DB_PREFIX = "monev_test_"
PG_LIB = Path("/usr/lib/postgresql")
SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
INSTALL_HINT = (
    "run scripts/ensure-system-deps.sh (Debian: apt-get install postgresql), "
    f"or set {ENV_URL} to the admin URL of an existing server"
)
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes; the socket file is ".s.PGSQL.NNNNN"
_START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it


class PostgresUnavailable(RuntimeError):
    """The server binaries are missing or the server could not be started."""


def find_server_binaries() -> Path:
    """Directory with initdb, pg_ctl and postgres: newest /usr/lib/postgresql/*/bin, then PATH."""
    candidates: list[Path] = []
    if PG_LIB.is_dir():
        def version(p: Path) -> tuple[int, ...]:
            return tuple(int(n) for n in re.findall(r"\d+", p.name)) or (-1,)
        candidates += [p / "bin" for p in sorted(PG_LIB.iterdir(), key=version, reverse=True)]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for bindir in candidates:
        if all(os.access(bindir / name, os.X_OK) for name in SERVER_BINARIES):
            return bindir
    raise PostgresUnavailable(
        f"PostgreSQL server binaries ({', '.join(SERVER_BINARIES)}) not found in "
        f"{PG_LIB}/*/bin or on PATH: {INSTALL_HINT}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _world_traversable(path: Path) -> bool:
    """Whether another user (postgres) can reach entries below ``path``."""
    return all(p.stat().st_mode & stat.S_IXOTH for p in (path, *path.parents))


def _libpq_uri(url: str) -> str:
    """SQLAlchemy URL (postgresql+psycopg://…) → libpq URI (postgresql://…)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def _with_dbname(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql+psycopg", path="/" + dbname))


def dbname_of(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


class ThrowawayPostgres:
    """A private PostgreSQL server in a temporary directory (or an existing one, see module doc)."""

    def __init__(self, external_url: str | None = None) -> None:
        self.external_url = external_url if external_url is not None else os.environ.get(ENV_URL)
        self.port: int | None = None
        self.tmpdir: Path | None = None
        self.bindir: Path | None = None
        self._as_postgres_user = False
        self._created: set[str] = set()
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self._external_ok = False

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.port is not None or self._external_ok

    def start(self) -> ThrowawayPostgres:
        if self.external_url:
            self._check_external()
            return self
        if self.tmpdir is not None:
            return self  # already started
        self.bindir = find_server_binaries()
        self._as_postgres_user = os.geteuid() == 0
        owner = None
        if self._as_postgres_user:
            if shutil.which("runuser") is None:
                raise PostgresUnavailable("running as root but runuser (util-linux) is missing")
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable(
                    "running as root needs the 'postgres' system user (created by the Debian "
                    f"postgresql packages): {INSTALL_HINT}") from None
        self.tmpdir = Path(tempfile.mkdtemp(prefix="monev-pg-", dir=self._tmp_base()))
        atexit.register(self.stop)
        _install_sigterm_cleanup()
        _LIVE.add(self)
        try:
            if owner is not None:
                os.chown(self.tmpdir, owner.pw_uid, owner.pw_gid)
            self.tmpdir.chmod(0o700)
            self._run(
                "initdb", "-D", str(self.datadir), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", what="initdb")
            self._start_server()
        except BaseException:
            self.stop()
            raise
        return self

    def _tmp_base(self) -> str | None:
        base = Path(tempfile.gettempdir())
        if self._as_postgres_user and not _world_traversable(base):
            base = Path("/tmp")
        # Keep the unix socket path within the kernel's limit.
        if len(str(base)) + len("/monev-pg-XXXXXXXX/.s.PGSQL.65535") > _SOCKET_PATH_MAX:
            base = Path("/tmp")
        return str(base)

    def _start_server(self) -> None:
        assert self.tmpdir is not None
        for attempt in range(1, _START_ATTEMPTS + 1):
            port = _free_port()
            opts = " ".join([
                "-c listen_addresses=127.0.0.1", f"-p {port}",
                f"-c unix_socket_directories={shlex.quote(str(self.tmpdir))}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "-c max_connections=200",
            ])
            try:
                self._run(
                    "pg_ctl", "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60",
                    "-o", opts, "start", what="pg_ctl start")
            except PostgresUnavailable:
                port_taken = "already in use" in self.log_tail()
                if attempt < _START_ATTEMPTS and port_taken:
                    continue
                raise
            self.port = port
            return

    def stop(self) -> None:
        """Stop the server and delete its directory; safe to call more than once."""
        with self._lock:
            tmpdir, self.tmpdir = self.tmpdir, None
            self.port = None
        _LIVE.discard(self)
        if tmpdir is None:
            return
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        pidfile = tmpdir / "data" / "postmaster.pid"
        if pidfile.exists():
            try:
                self._run("pg_ctl", "-D", str(tmpdir / "data"), "-m", "fast", "-w", "-t", "30",
                          "stop", what="pg_ctl stop", cwd=tmpdir)
            except Exception:
                # Last resort: immediate shutdown of the postmaster (it takes its children along).
                with contextlib.suppress(Exception):
                    os.kill(int(pidfile.read_text().split()[0]), signal.SIGQUIT)
        shutil.rmtree(tmpdir, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- paths and commands ------------------------------------------------------------------

    @property
    def datadir(self) -> Path:
        assert self.tmpdir is not None, "server not started"
        return self.tmpdir / "data"

    @property
    def logfile(self) -> Path:
        assert self.tmpdir is not None, "server not started"
        return self.tmpdir / "server.log"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except (OSError, AssertionError):
            return ""

    def _run(self, binary: str, *args: str, what: str, cwd: Path | None = None) -> None:
        assert self.bindir is not None
        cmd = [str(self.bindir / binary), *args]
        if self._as_postgres_user:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        # cwd: the postgres user may not be allowed into the caller's working directory.
        proc = subprocess.run(
            cmd, cwd=cwd or self.tmpdir, stdin=subprocess.DEVNULL, capture_output=True,
            text=True, check=False, env={**os.environ, "LC_ALL": "C.UTF-8"})
        if proc.returncode != 0:
            log = self.log_tail() if self.tmpdir is not None else ""
            raise PostgresUnavailable(
                f"{what} failed (exit {proc.returncode}): {shlex.join(cmd)}\n"
                f"{proc.stdout}{proc.stderr}" + (f"\n--- server log ---\n{log}" if log else ""))

    # -- URLs and databases ------------------------------------------------------------------

    @property
    def admin_url(self) -> str:
        if self.external_url:
            return _with_dbname(self.external_url, dbname_of(self.external_url) or "postgres")
        if self.port is None:
            raise PostgresUnavailable("server not started")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of ``dbname`` on this server."""
        return _with_dbname(self.admin_url, dbname)

    def _admin(self) -> psycopg.Connection:
        import psycopg

        return psycopg.connect(_libpq_uri(self.admin_url), autocommit=True, connect_timeout=10)

    def _check_external(self) -> None:
        try:
            with self._admin() as conn:
                conn.execute("SELECT 1")
        except Exception as exc:
            raise PostgresUnavailable(
                f"cannot connect to {ENV_URL}={self.external_url}: {exc}") from exc
        self._external_ok = True

    def create_database(self) -> str:
        """Create a fresh, uniquely named database (from template0) and return its URL."""
        from psycopg import sql

        name = f"{DB_PREFIX}{os.getpid()}_{next(self._counter)}_{uuid.uuid4().hex[:8]}"
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'")
                         .format(sql.Identifier(name)))
        self._created.add(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by ``create_database``, terminating its open connections."""
        from psycopg import sql

        name = dbname_of(url)
        if name not in self._created:
            raise ValueError(f"refusing to drop {name!r}: not created by this ThrowawayPostgres")
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                         .format(sql.Identifier(name)))
        self._created.discard(name)


# -- cleanup on SIGTERM ----------------------------------------------------------------------

_LIVE: set[ThrowawayPostgres] = set()
_sigterm_installed = False


def _on_sigterm(signum: int, frame: object) -> None:
    for server in list(_LIVE):
        with contextlib.suppress(Exception):
            server.stop()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_sigterm_cleanup() -> None:
    """atexit does not run when the process is killed by SIGTERM (e.g. a CI timeout): stop the
    servers first, then die as before. Only when nobody else handles SIGTERM."""
    global _sigterm_installed
    if _sigterm_installed or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)
        _sigterm_installed = True


# -- pytest fixtures -------------------------------------------------------------------------

_shared: ThrowawayPostgres | None = None
_shared_users = 0


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    """The session's PostgreSQL server (started on first use, stopped at the end of the session).

    Importing this fixture into several modules gives pytest several fixture definitions; they
    all share one server, stopped when the last of them is torn down.
    """
    global _shared, _shared_users
    if _shared is None:
        _shared = ThrowawayPostgres().start()
    _shared_users += 1
    try:
        yield _shared
    finally:
        _shared_users -= 1
        if _shared_users == 0:
            _shared.stop()
            _shared = None


@pytest.fixture
def postgres_url(postgres_server: ThrowawayPostgres) -> Iterator[str]:
    """URL of a fresh, empty database; dropped (connections terminated) after the test."""
    url = postgres_server.create_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(url)
