"""A real Neo4j Community server, assembled from Maven Central with `mvn` and run on loopback.

install: copy the server's jars (neo4j-server.pom.xml) into $POLICYKG_HOME/neo4j/lib, write a
loopback-only neo4j.conf and set a generated initial password (kept in neo4j/password, mode 600).
start/stop/status: run org.neo4j.server.CommunityEntryPoint as a background process.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg_builder.errors import Unavailable
from kg_builder.resources import resource
from kg_builder.settings import Settings, private_dir

POM = resource("kg_builder.store", "neo4j-server.pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN = "org.neo4j.server.startup.Neo4jAdminCommand"


# What Neo4j's own launcher gives the JVM (its neo4j.conf's server.jvm.additional). Without the
# --add-opens its debug.log warned that the page cache ran in a fallback mode (no reflective access
# to direct buffers) and that transaction logs could not be preallocated (no file descriptor).
JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
)


class Neo4jServerError(Unavailable):
    """The server could not be installed, started or stopped; the message says why and what to do."""


@dataclass(frozen=True)
class Neo4jServer:
    settings: Settings

    @property
    def home(self) -> Path:
        return self.settings.home / "neo4j"

    @property
    def lib(self) -> Path:
        return self.home / "lib"

    @property
    def conf(self) -> Path:
        return self.home / "conf"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def installed(self) -> bool:
        return any(self.lib.glob("neo4j-server-*.jar")) and (self.conf / "neo4j.conf").exists()

    @property
    def browser_url(self) -> str:
        return f"http://localhost:{self.settings.neo4j_http_port}/browser/"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://localhost:{self.settings.neo4j_bolt_port}"

    def _java(self, main: str, *args: str, **popen: object) -> list[str]:
        heap = self.settings.neo4j_heap
        return ["java", f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS, "-cp", str(self.lib / "*"), main, *args]

    def java_command(self, main: str, *args: str) -> list[str]:
        """The java command line that runs one of the installation's main classes (the admin tool)."""
        return self._java(main, *args)

    def install(self, log=print) -> None:  # noqa: ANN001 - a print-like callable
        for tool in ("mvn", "java"):
            if shutil.which(tool) is None:
                raise Neo4jServerError(f"`{tool}` is not on PATH; install Maven and a Java 17 JDK first")
        self.lib.mkdir(parents=True, exist_ok=True)
        log(f"neo4j: copying the server and Browser jars from Maven Central into {self.lib}")
        run = subprocess.run(
            [
                "mvn",
                "-q",
                "-B",
                "-f",
                str(POM),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={self.lib}",
                "-DincludeScope=runtime",
            ],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise Neo4jServerError(f"mvn failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
        self.conf.mkdir(parents=True, exist_ok=True)
        (self.conf / "neo4j.conf").write_text(self._config(), encoding="utf-8")
        # The data (auth.ini among it) and the password are the user's alone.
        private_dir(self.home)
        private_dir(self.home / "data")
        if not (self.home / "data" / "dbms").exists():
            password = secrets.token_hex(16)  # never starts with "-", which neo4j-admin reads as an option
            env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf)}
            # The password goes to java in an @argfile readable by the user alone, never on a
            # command line that `ps` shows to every user of the machine.
            with tempfile.NamedTemporaryFile("w", suffix=".args", dir=self.home, delete=False) as argfile:
                os.chmod(argfile.name, 0o600)
                argfile.write(
                    "\n".join(
                        _argfile_quote(a) for a in self._java(ADMIN, "dbms", "set-initial-password", password)[1:]
                    )
                )
            try:
                run = subprocess.run(["java", f"@{argfile.name}"], capture_output=True, text=True, env=env)
            finally:
                os.unlink(argfile.name)
            if run.returncode != 0:
                raise Neo4jServerError(f"setting the initial password failed:\n{run.stdout}{run.stderr}")
            self.password_file.write_text(password + "\n", encoding="utf-8")
            self.password_file.chmod(0o600)
        log(f"neo4j: installed in {self.home} (password in {self.password_file})")

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    def password(self) -> str:
        if self.settings.neo4j_password:
            return self.settings.neo4j_password
        if not self.password_file.exists():
            raise Neo4jServerError("no Neo4j password: set POLICYKG_NEO4J_PASSWORD or run `policykg neo4j install`")
        return self.password_file.read_text(encoding="utf-8").strip()

    def _config(self) -> str:
        s = self.settings
        return "\n".join(
            [
                "# Written by `policykg neo4j install`: loopback only, no HTTPS, generated password.",
                "server.default_listen_address=127.0.0.1",
                f"server.bolt.listen_address=127.0.0.1:{s.neo4j_bolt_port}",
                f"server.http.listen_address=127.0.0.1:{s.neo4j_http_port}",
                "server.https.enabled=false",
                f"server.directories.data={self.home / 'data'}",
                f"server.directories.logs={self.home / 'logs'}",
                f"server.directories.run={self.home / 'run'}",
                f"server.directories.import={self.home / 'import'}",
                f"server.memory.pagecache.size={s.neo4j_pagecache}",
                "dbms.security.auth_enabled=true",
                "db.transaction.timeout=60s",
                "",
            ]
        )

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def responding(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.settings.neo4j_http_port}/", timeout=2) as r:
                return r.status == 200 and _bolt_open(self.settings.neo4j_bolt_port)
        except OSError:
            return False

    def start(self, wait_seconds: float = 180) -> None:
        if not self.installed:
            raise Neo4jServerError("Neo4j is not installed; run `policykg neo4j install` first")
        if self.pid() is not None and self.responding():
            return
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as out:
            process = subprocess.Popen(
                self._java(ENTRY_POINT, f"--home-dir={self.home}", f"--config-dir={self.conf}"),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                umask=0o077,
            )
        self.pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise Neo4jServerError(f"Neo4j exited with code {process.returncode}; see {self.log_file}")
            if self.responding():
                return
            time.sleep(1)
        raise Neo4jServerError(f"Neo4j did not answer within {wait_seconds:.0f} s; see {self.log_file}")

    def stop(self, wait_seconds: float = 60) -> bool:
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline and self.pid() is not None:
            time.sleep(0.5)
        if self.pid() is not None:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True


def _argfile_quote(arg: str) -> str:
    """One argument of a java @argfile: quoted, with backslashes and quotes escaped."""
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bolt_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0
