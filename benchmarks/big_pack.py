"""A knowledge pack 20 times the bundled one (240 services), for measuring the engine at scale.

Each service of the bundled pack is copied 19 more times under a new slug, names, aliases and
duty texts (" mk2" … " mk20" appended), so every copy is a distinct service with distinct words;
its phrasings follow. The copy is a valid knowledge folder: `srm knowledge validate DIR` passes.

    python benchmarks/big_pack.py OUT_DIR [--copies 20]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _suffix(n: int) -> str:
    return f" mk{n}"


def _rename_duties(sides: dict[str, list[dict]], tag: str) -> None:
    for entries in sides.values():
        for entry in entries:
            entry["text"] += tag


def _copy_service(data: dict[str, Any], n: int) -> dict[str, Any]:
    tag = _suffix(n)
    out = yaml.safe_load(yaml.safe_dump(data))  # a deep copy of plain YAML values
    out["slug"] = f"{data['slug']}-mk{n}"
    for key in ("name", "full_name", "matrix_label"):
        out[key] = data[key] + tag
    out["aliases"] = [a + tag for a in data["aliases"]]
    if out.get("duties"):
        _rename_duties(out["duties"], tag)
    for lt in out.get("launch_types") or []:
        lt["aliases"] = [a + tag for a in lt["aliases"]]
        _rename_duties(lt["duties"], tag)
    for bp in out.get("best_practices") or []:
        bp["text"] += tag
    return out


def write_big_pack(target: Path, copies: int = 20, source: Path | None = None) -> Path:
    """Write the big pack to `target` (replaced) and return it."""
    source = source or ROOT / "knowledge"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    pack = yaml.safe_load((source / "pack.yaml").read_text(encoding="utf-8"))
    asked_path = source / "asked_as.yaml"
    asked = yaml.safe_load(asked_path.read_text(encoding="utf-8")) if asked_path.is_file() else None
    slugs = list(pack["services"])
    for slug in pack["services"]:
        data = yaml.safe_load((source / "services" / f"{slug}.yaml").read_text(encoding="utf-8"))
        for n in range(2, copies + 1):
            copy = _copy_service(data, n)
            (target / "services" / f"{copy['slug']}.yaml").write_text(
                yaml.safe_dump(copy, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
            slugs.append(copy["slug"])
            if asked is None:
                continue
            for key in [k for k in list(asked["phrasings"]) if k.split(".")[0] == slug]:
                new_key = key.replace(slug, copy["slug"], 1)
                asked["phrasings"][new_key] = {
                    text + _suffix(n): phrases
                    for text, phrases in asked["phrasings"][key].items()
                    if not text.endswith(tuple(_suffix(m) for m in range(2, copies + 1)))
                }
    pack["services"] = slugs
    (target / "pack.yaml").write_text(yaml.safe_dump(pack, sort_keys=False, allow_unicode=True))
    if asked is not None:
        (target / "asked_as.yaml").write_text(
            yaml.safe_dump(asked, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    write_big_pack(args.out, args.copies)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
