"""The spaCy `zh` pipeline: pkuseg segmentation and the rule components of policykg."""

from __future__ import annotations

from pathlib import Path

from kg_builder.errors import Unavailable
from kg_builder.settings import Settings, get_settings


class ModelMissing(Unavailable):
    """The pkuseg model has not been built yet."""


def training_minutes(iterations: int) -> int:
    """Minutes `setup` takes to train, rounded up: about 90 s to read the corpus and make the features,
    then about 85 s an iteration on one core (measured: 172 s for 1, 256 s for 2, 471 s for 5)."""
    return -(-(90 + 85 * iterations) // 60)


def require_model(settings: Settings | None = None) -> Path:
    """The pkuseg model's directory; ModelMissing, saying how to build it, when it is not there. Cheap: a
    command checks it before it starts workers that each load the pipeline."""
    settings = settings or get_settings()
    model_dir = settings.pkuseg_model_dir
    if not (model_dir / "features.msgpack").exists():
        raise ModelMissing(
            f"no pkuseg model in {model_dir}; build it with `policykg setup` "
            f"(trains on the PKU 1998 corpus, about {training_minutes(settings.pkuseg_iterations)} min on one core)"
        )
    return model_dir
