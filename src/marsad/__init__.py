"""marsad (مرصد): an offline observatory of Arabic news across outlets."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Pipeline", "Store", "__version__", "analyse", "default_pipeline"]

if TYPE_CHECKING:
    from marsad.pipeline import Pipeline
    from marsad.run import analyse
    from marsad.stages import default_pipeline
    from marsad.store.sqlite import Store

_HOMES = {
    "Pipeline": "marsad.pipeline",
    "analyse": "marsad.run",
    "default_pipeline": "marsad.stages",
    "Store": "marsad.store.sqlite",
}


def __getattr__(name: str) -> Any:
    """Import the public API on first use, so ``import marsad.document`` stays light."""
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
