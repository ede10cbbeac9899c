"""asked_as.yaml: the everyday phrasings of duties and best practices, checked against the
matrix they describe (a phrasing of a duty the knowledge lacks is a problem, never ignored)."""

from __future__ import annotations

from bot import domain
from bot.knowledge import schema
from bot.knowledge.validate import Problem, YamlDoc


def build_phrasings(
    doc: YamlDoc,
    value: schema.PhrasingsFile,
    services: tuple[domain.Service, ...],
    report_unknown_services: bool = True,
) -> tuple[tuple[domain.Phrasing, ...], list[Problem]]:
    """The phrasings of `value`, and a problem for each that names a service, launch type or
    duty the knowledge lacks (only when `report_unknown_services`: when the knowledge has other
    problems, a service or duty may be missing because of them, and those are reported first)."""
    by_slug = {s.slug: s for s in services}
    out: list[domain.Phrasing] = []
    problems: list[Problem] = []
    for key, entries in value.phrasings.items():
        slug, _, launch_type = key.partition(".")
        service = by_slug.get(slug)
        at = ("phrasings", key)
        if service is None and not report_unknown_services:
            continue
        if service is None:
            problems.append(Problem(doc.name, doc.line(at), f"unknown service '{slug}'"))
            continue
        kinds = {lt.slug for lt in service.launch_types}
        if launch_type and launch_type not in kinds:
            problems.append(
                Problem(doc.name, doc.line(at), f"{slug} has no launch type '{launch_type}'")
            )
            continue
        texts = {d.text for d in service.duties if not launch_type or d.launch_type == launch_type}
        texts |= {b.text for b in service.best_practices}
        for text, phrases in entries.items():
            if text not in texts and not report_unknown_services:
                continue  # the duty may be broken in its own file: that problem comes first
            if text not in texts:
                where = f"{slug} ({launch_type})" if launch_type else slug
                problems.append(
                    Problem(
                        doc.name,
                        doc.line((*at, text)),
                        f"'{text}' is not a duty or best practice of {where}",
                    )
                )
                continue
            out.append(domain.Phrasing(slug, text, tuple(phrases), launch_type or None))
    return tuple(out), problems
