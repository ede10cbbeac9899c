"""Where the bundled knowledge and migrations are: inside the package when installed from a
wheel, at the top of the checkout when installed editable or run from source."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


def knowledge_dir() -> Path:
    return _find("knowledge")


def migrations_dir() -> Path:
    return _find("migrations")
