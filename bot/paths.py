"""Where the bundled knowledge and migrations are: inside the package when installed from a
wheel, at the top of the checkout when installed editable or run from source. And which knowledge
folder a command reads: a wheel carries its own copy, so edits in a clone must not be silently
ignored in its favour."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
KNOWLEDGE_ENV = "SRM_KNOWLEDGE_DIR"


def _find(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


def knowledge_dir() -> Path:
    """The knowledge that comes with this installation of srm."""
    return _find("knowledge")


def migrations_dir() -> Path:
    return _find("migrations")


def configured_knowledge_dir() -> Path:
    """The knowledge a first run loads into an empty store: SRM_KNOWLEDGE_DIR, else the bundled
    copy (a server does not depend on the directory it was started from)."""
    raw = os.environ.get(KNOWLEDGE_ENV, "").strip()
    return Path(raw).expanduser() if raw else knowledge_dir()


@dataclass(frozen=True)
class KnowledgeChoice:
    path: Path
    why: str  # said to the user with the path, so nobody edits one folder and loads another


def choose_knowledge_dir(argument: str | None, cwd: Path | None = None) -> KnowledgeChoice:
    """The folder `srm knowledge validate|load` reads, in this order: the folder given, then
    SRM_KNOWLEDGE_DIR, then ./knowledge when the current directory has one (a clone being
    edited), then the bundled copy."""
    if argument:
        return KnowledgeChoice(Path(argument), "the folder given")
    raw = os.environ.get(KNOWLEDGE_ENV, "").strip()
    if raw:
        return KnowledgeChoice(Path(raw).expanduser(), KNOWLEDGE_ENV)
    here = (cwd or Path.cwd()) / "knowledge"
    bundled = knowledge_dir()
    if (here / "pack.yaml").is_file():
        if here.resolve() == bundled.resolve():
            return KnowledgeChoice(here, "the current directory's, which this srm also bundles")
        return KnowledgeChoice(
            here,
            f"the current directory's; the bundled copy in {bundled} is not used",
        )
    return KnowledgeChoice(
        bundled,
        f"the bundled copy; no ./knowledge here, pass a folder or set {KNOWLEDGE_ENV}",
    )
