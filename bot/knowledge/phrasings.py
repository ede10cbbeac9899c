"""asked_as.yaml: the everyday phrasings of duties and best practices, checked against the
matrix they describe. A phrasing of a service, launch type or duty the knowledge lacks (a duty
renamed or removed, a typo in a key) is reported as a warning, with its line: it is not used,
and it never blocks a load, since the matrix itself is intact."""

from __future__ import annotations

from bot import domain
from bot.knowledge import schema
from bot.knowledge.validate import Problem, YamlDoc


def build_phrasings(
    doc: YamlDoc, value: schema.PhrasingsFile, services: tuple[domain.Service, ...]
) -> tuple[tuple[domain.Phrasing, ...], list[Problem]]:
    """The phrasings of `value` that match the knowledge, and a warning for each that does not."""
    by_slug = {s.slug: s for s in services}
    out: list[domain.Phrasing] = []
    warnings: list[Problem] = []
    for key, entries in value.phrasings.items():
        slug, _, launch_type = key.partition(".")
        service = by_slug.get(slug)
        at = ("phrasings", key)
        if service is None:
            warnings.append(Problem(doc.name, doc.line(at), f"unknown service '{slug}' (ignored)"))
            continue
        kinds = {lt.slug for lt in service.launch_types}
        if launch_type and launch_type not in kinds:
            message = f"{slug} has no launch type '{launch_type}' (ignored)"
            warnings.append(Problem(doc.name, doc.line(at), message))
            continue
        texts = {d.text for d in service.duties if not launch_type or d.launch_type == launch_type}
        texts |= {b.text for b in service.best_practices}
        for text, phrases in entries.items():
            if text not in texts:
                where = f"{slug} ({launch_type})" if launch_type else slug
                message = f"'{text}' is not a duty or best practice of {where} (ignored)"
                warnings.append(Problem(doc.name, doc.line((*at, text)), message))
                continue
            out.append(domain.Phrasing(slug, text, tuple(phrases), launch_type or None))
    return tuple(out), warnings
