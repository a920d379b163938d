"""What a new user meets when something is wrong: one line naming the input and what to do, the exit
code of the error's class, and help that reads as sentences."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.integration.conftest import CLI


def _fails(env: dict[str, str], *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, env={**env, **(extra or {})}, timeout=120)
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_missing_input_is_named(env: dict[str, str], tmp_path: Path) -> None:
    done = _fails(env, "extract", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"policykg: {tmp_path / 'nowhere'}: no such file or directory"


def test_an_output_that_cannot_be_written_is_named_before_any_work(env: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    done = _fails(env, "extract", str(SAMPLES), "--out", str(blocker / "out"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"policykg: cannot write to {blocker / 'out'}: Not a directory"]


def test_a_taken_port_is_refused_at_once_with_the_fix(env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        by_option = _fails(env, "serve", "--port", str(port))
        by_env = _fails(env, "serve", extra={"POLICYKG_API_PORT": str(port)})
        assert time.monotonic() - started < 60  # refused before the store opens, not after serving
    for done in (by_option, by_env):
        assert done.returncode == 2
        assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "make run PORT=N" in done.stderr
        assert "explorer:" not in done.stdout  # no URLs printed as if serving


@pytest.mark.parametrize("command", [[], ["extract"], ["build"], ["brief"], ["serve"], ["neo4j", "start"]])
def test_help_reads_as_sentences_without_type_tags(env: dict[str, str], command: list[str]) -> None:
    shown = subprocess.run([*CLI, *command, "--help"], capture_output=True, text=True, env=env, check=True).stdout
    assert "<bool>" not in shown and "<list" not in shown and "<path>" not in shown and "<int" not in shown
