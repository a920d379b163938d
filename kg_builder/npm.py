"""Packages from the npm registry that policykg uses at run time: the explorer's libraries and the map
of China's boundaries. Each bundle is a package.json with its package-lock.json kept in the
repository; `policykg setup` installs it with `npm ci` into $POLICYKG_HOME (or beside the models),
so nothing is fetched from a CDN, and nothing at run time.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg_builder.errors import Unavailable
from kg_builder.settings import Settings


class NpmMissing(Unavailable):
    """A bundle that is not installed, or that npm could not install; the message says what to run."""


@dataclass(frozen=True)
class NpmBundle:
    what: str  # what it is, for messages: "the explorer's libraries"
    locked: Path  # the directory holding package.json and package-lock.json
    folder: str  # the folder it is installed in
    files: tuple[str, ...]  # the files under node_modules that policykg reads
    # beside the trained models (POLICYKG_MODELS), which runs with homes of their own share, or in the home
    with_models: bool = False

    def target(self, settings: Settings) -> Path:
        return (settings.models_dir if self.with_models else settings.home) / self.folder

    def file(self, settings: Settings, name: str) -> Path:
        """One of the bundle's files (NpmMissing when setup has not installed it)."""
        path = self.target(settings) / "node_modules" / name
        if not path.exists():
            raise NpmMissing(
                f"{self.what} are not installed: run `policykg setup` (npm ci into {self.target(settings)})"
            )
        return path

    def install(self, settings: Settings, log: Callable[[str], None]) -> Path:
        """npm ci of the locked packages into the bundle's folder, again only when the lock changed."""
        target = self.target(settings)
        lock = target / "package-lock.json"
        if (
            lock.exists()
            and filecmp.cmp(lock, self.locked / "package-lock.json", shallow=False)
            and all((target / "node_modules" / name).exists() for name in self.files)
        ):
            return target
        npm = shutil.which("npm")
        if npm is None:
            raise NpmMissing(f"npm is needed to install {self.what} from the npm registry: install Node.js and npm")
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(self.locked / name, target / name)
        log(f"installing {self.what} (npm ci) into {target}")
        done = subprocess.run(
            [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=target,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise NpmMissing(f"npm ci in {target} failed:\n{done.stderr.strip()}")
        return target
