"""Read a knowledge folder, check it whole, and build the `Knowledge` value.

Every problem is reported as `file:line: message`, all of them at once: schema errors (pydantic)
per file, then the checks that span files (duplicate slugs, aliases claimed twice, unknown topic
tags or categories, out-of-scope words that the knowledge itself uses).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from rapidfuzz import process

from bot import domain
from bot.knowledge import schema

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed YAML file and the line of every node in it, by its path."""

    name: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Iterable[str | int]) -> int:
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


def shown_path(path: Path) -> str:
    """`path` as a terminal or editor opens it: relative to the current directory when inside
    it, else absolute."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


@dataclass(frozen=True)
class Problem:
    """`file` is relative to the knowledge folder `root` (None: `file` is a path already)."""

    file: str
    line: int
    message: str
    root: Path | None = field(default=None, compare=False)

    @property
    def path(self) -> str:
        return shown_path(self.root / self.file) if self.root is not None else self.file

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Result:
    knowledge: domain.Knowledge | None
    problems: list[Problem]
    # What is wrong but does not stop the knowledge being used (a stale phrasing).
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.knowledge is not None


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], dups: list[tuple[Loc, int]]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dups.append(((*loc, key), key_node.start_mark.line + 1))
            seen.add(key)
            lines[(*loc, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*loc, key), lines, dups)
            lines[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*loc, i), lines, dups)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def read_yaml(path: Path, name: str) -> tuple[YamlDoc | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(name, 1, "not UTF-8 text")]
    except OSError as exc:
        return None, [Problem(name, 1, f"cannot read: {exc.strerror}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(name, line, _one_line(f"invalid YAML: {exc.problem or exc.context}"))]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, _one_line(f"invalid YAML: {exc}"))]
    except RecursionError:
        return None, [Problem(name, 1, "invalid YAML: an alias refers to itself")]
    doc = YamlDoc(name, data)
    dups: list[tuple[Loc, int]] = []
    if node is not None:
        try:
            _walk(node, (), doc.lines, dups)
        except RecursionError:
            return None, [Problem(name, 1, "invalid YAML: an alias refers to itself")]
    problems = [Problem(name, line, f"key '{loc[-1]}' appears twice") for loc, line in dups]
    return doc, problems


def _loc_text(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _inner(annotation: Any) -> Any:
    """The model, list or dict inside Optional[...] / Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else annotation
            if len(args) <= 1:
                continue
            return annotation
        else:
            return annotation


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the schema allows at `loc` (the mapping that holds an unknown key)."""
    node: Any = model
    for part in loc:
        node = _inner(node)
        origin = typing.get_origin(node)
        if isinstance(part, int) and origin is list:
            node = typing.get_args(node)[0]
        elif origin is dict:
            node = typing.get_args(node)[1]
        elif isinstance(node, type) and issubclass(node, BaseModel) and part in node.model_fields:
            node = node.model_fields[str(part)].annotation
        else:
            return []
    node = _inner(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


def _nearest(key: str, known: list[str]) -> str | None:
    found = process.extractOne(key, known, score_cutoff=60) if known else None
    return found[0] if found else None


def _message(err: dict[str, Any], model: type[BaseModel] | None = None) -> tuple[Loc, str]:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    where = _loc_text(loc[:-1])
    prefix = "" if where == "(top level)" else f"{where}: "
    if kind == "extra_forbidden":
        near = _nearest(str(loc[-1]), _known_keys(model, loc[:-1])) if model else None
        hint = f" (did you mean '{near}'?)" if near else ""
        return loc, f"{prefix}unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return loc[:-1], f"{prefix}missing key '{loc[-1]}'"
    if kind == "list_type":
        return loc, f"{_loc_text(loc)}: must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"{_loc_text(loc)}: must be a mapping of keys"
    if kind == "too_short":
        return loc, f"{_loc_text(loc)}: must not be empty"
    if kind == "string_type":
        return loc, f"{_loc_text(loc)}: must be text"
    if kind == "string_pattern_mismatch":
        return loc, f"{_loc_text(loc)}: '{err.get('input')}' is not a valid value here"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return loc, f"{_loc_text(loc)}: {msg}"


def _check(doc: YamlDoc, model: type[schema.Strict]) -> tuple[Any, list[Problem]]:
    if doc.data is None:
        return None, [Problem(doc.name, 1, "file is empty")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc, message = _message(err, model)
            problems.append(Problem(doc.name, doc.line(loc), message))
        return None, problems


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


@dataclass(frozen=True)
class _Claim:
    """Where a service claims a name: its slug, name, full_name, or one of its aliases."""

    service: str
    file: str
    line: int
    kind: str

    @property
    def strength(self) -> int:
        return ("slug", "name", "full_name", "alias").index(self.kind)


def _build(
    services: list[tuple[YamlDoc, schema.ServiceFile]],
    docs: dict[str, tuple[YamlDoc, Any]],
    broken_services: set[str],
    root: Path | None = None,
) -> tuple[domain.Knowledge | None, list[Problem]]:
    """The checks that span files, and the Knowledge (None when a fixed file is unusable).

    `docs` holds the fixed files that passed their schema; a check that needs one that did not
    is skipped (that file's own problems are reported), so every other problem still shows.
    `broken_services` are the stems of service files that could not be read or checked.
    """
    problems: list[Problem] = []

    def value(name: str) -> Any:
        return docs[name][1] if name in docs else None

    pack: schema.PackFile | None = value("pack.yaml")
    topics: schema.TopicsFile | None = value("topics.yaml")
    cats: schema.CategoriesFile | None = value("categories.yaml")
    models: schema.ServiceModelsFile | None = value("service_models.yaml")
    principles: schema.PrinciplesFile | None = value("principles.yaml")
    compliance: schema.ComplianceFile | None = value("compliance.yaml")
    oos: schema.OutOfScopeFile | None = value("out_of_scope.yaml")
    known_topics = set(topics.topics) if topics else None
    known_categories = {c.slug for c in cats.categories} if cats else None
    known_models = {m.slug for m in models.models} if models else None

    def tags(doc: YamlDoc, loc: Loc, values: list[str]) -> tuple[str, ...]:
        for i, tag in enumerate(values):
            if known_topics is not None and tag not in known_topics:
                problems.append(
                    Problem(doc.name, doc.line((*loc, i)), f"unknown topic tag '{tag}'")
                )
        return tuple(values)

    controls: schema.ControlsFile | None = value("controls.yaml")
    catalogue = (
        {
            cid: domain.Check(cid, c.title, tuple(c.standards), c.url, c.config_rule)
            for cid, c in controls.controls.items()
        }
        if controls
        else None
    )

    def how_to_check(
        doc: YamlDoc, at: Loc, party: str, d: schema.MatrixDuty
    ) -> tuple[domain.Check, ...]:
        """The duty's controls; a customer duty must say how to check it, an AWS duty must not."""
        if party != "customer":
            for key in ("checks", "review"):
                if getattr(d, key) is not None:
                    problems.append(
                        Problem(
                            doc.name,
                            doc.line((*at, key)),
                            f"'{key}' is for customer duties only (AWS checks its own duties)",
                        )
                    )
            return ()
        if d.checks is None and d.review is None:
            problems.append(
                Problem(
                    doc.name,
                    doc.line(at),
                    f"customer duty '{d.text}' needs 'checks' (Security Hub control ids) or"
                    " 'review' (how to check it by review)",
                )
            )
        if d.checks is not None and d.review is not None:
            problems.append(
                Problem(doc.name, doc.line((*at, "review")), "give 'checks' or 'review', not both")
            )
        found = []
        for k, cid in enumerate(d.checks or []):
            if catalogue is None:
                continue
            if cid not in catalogue:
                problems.append(
                    Problem(
                        doc.name,
                        doc.line((*at, "checks", k)),
                        f"unknown control '{cid}' (controls.yaml lists the known controls)",
                    )
                )
                continue
            found.append(catalogue[cid])
        return tuple(found)

    def sides(doc: YamlDoc, loc: Loc, entry: schema.Sides, lt: str | None) -> list[domain.Duty]:
        out = []
        for party in domain.PARTIES:
            seen: set[str] = set()
            for i, d in enumerate(getattr(entry, party)):
                at = (*loc, party, i)
                if d.text.lower() in seen:
                    problems.append(Problem(doc.name, doc.line(at), f"duty '{d.text}' twice"))
                seen.add(d.text.lower())
                notes = tuple(
                    domain.Note(n.text, n.source_url, n.read_on.isoformat()) for n in d.notes or []
                )
                out.append(
                    domain.Duty(
                        party,
                        d.text,
                        tags(doc, (*at, "topics"), d.topics),
                        lt,
                        checks=how_to_check(doc, at, party, d),
                        review_note=d.review,
                        notes=notes,
                    )
                )
        return out

    slug_owner: dict[str, str] = {}
    alias_owner: dict[str, _Claim] = {}  # a lowercased name -> its first claim
    built: list[domain.Service] = []
    for doc, svc in services:
        if svc.slug in slug_owner:
            problems.append(
                Problem(
                    doc.name,
                    doc.line(("slug",)),
                    f"service slug '{svc.slug}' is already used by {slug_owner[svc.slug]}",
                )
            )
            continue
        slug_owner[svc.slug] = doc.name
        names = [("slug", svc.slug), ("name", svc.name), ("full_name", svc.full_name)]
        names += [(("aliases", i), a) for i, a in enumerate(svc.aliases)]
        for j, lt in enumerate(svc.launch_types or []):
            names += [(("launch_types", j, "aliases", i), a) for i, a in enumerate(lt.aliases)]
        for where, name in names:
            key = " ".join(name.lower().split())
            line = doc.line(where if isinstance(where, tuple) else (where,))
            # A service's own slug and names were there first; an alias is what someone adds.
            claim = _Claim(svc.slug, doc.name, line, where if isinstance(where, str) else "alias")
            first = alias_owner.setdefault(key, claim)
            if first.service == svc.slug:
                continue
            added = claim
            if claim.strength < first.strength:
                alias_owner[key] = claim
                first, added = claim, first
            problems.append(
                Problem(
                    added.file,
                    added.line,
                    f"alias '{name}' is already claimed by service '{first.service}'"
                    f" ({shown_path(root / first.file) if root else first.file}:{first.line})",
                )
            )
        duties: list[domain.Duty] = []
        launch_types: list[domain.LaunchType] = []
        if (svc.duties is None) == (svc.launch_types is None):
            problems.append(
                Problem(doc.name, 1, "a service needs either 'duties' or 'launch_types' (one)")
            )
        if svc.duties is not None:
            duties += sides(doc, ("duties",), svc.duties, None)
        for j, lt in enumerate(svc.launch_types or []):
            launch_types.append(domain.LaunchType(lt.slug, lt.label, tuple(lt.aliases)))
            duties += sides(doc, ("launch_types", j, "duties"), lt.duties, lt.slug)
        lt_slugs = {lt.slug for lt in launch_types}
        classes: list[domain.Classification] = []
        for i, ref in enumerate(svc.categories):
            if known_categories is not None and ref.category not in known_categories:
                problems.append(
                    Problem(
                        doc.name,
                        doc.line(("categories", i, "category")),
                        f"unknown category '{ref.category}'",
                    )
                )
            if ref.variant is not None and ref.variant not in lt_slugs:
                problems.append(
                    Problem(
                        doc.name,
                        doc.line(("categories", i, "variant")),
                        f"unknown launch type '{ref.variant}'",
                    )
                )
            classes.append(domain.Classification("category", ref.category, ref.variant))
        for i, m in enumerate(svc.service_models):
            if known_models is not None and m not in known_models:
                problems.append(
                    Problem(
                        doc.name, doc.line(("service_models", i)), f"unknown service model '{m}'"
                    )
                )
            classes.append(domain.Classification("service_model", m))
        bps = [
            domain.BestPractice(b.text, tags(doc, ("best_practices", i, "topics"), b.topics))
            for i, b in enumerate(svc.best_practices or [])
        ]
        built.append(
            domain.Service(
                slug=svc.slug,
                name=svc.name,
                full_name=svc.full_name,
                matrix_label=svc.matrix_label,
                docs_url=svc.docs_url,
                aliases=tuple(svc.aliases),
                launch_types=tuple(launch_types),
                duties=tuple(duties),
                best_practices=tuple(bps),
                classifications=tuple(classes),
            )
        )

    order = {slug: i for i, slug in enumerate(pack.services)} if pack else {}
    for i, slug in enumerate(pack.services if pack else []):
        # A service file with problems of its own is reported as such, not as missing.
        if slug not in slug_owner and slug not in broken_services:
            pack_doc = docs["pack.yaml"][0]
            problems.append(
                Problem(
                    pack_doc.name, pack_doc.line(("services", i)), f"no service file for '{slug}'"
                )
            )
    for doc, svc in services:
        if pack is not None and svc.slug not in order:
            problems.append(
                Problem(
                    doc.name,
                    doc.line(("slug",)),
                    f"'{svc.slug}' is not listed in pack.yaml services",
                )
            )
    built.sort(key=lambda s: order.get(s.slug, len(order)))

    principle_values = []
    for g, group in enumerate(principles.principles if principles else []):
        for i, item in enumerate(group.items):
            at = ("principles", g, "items", i, "topics")
            principle_values.append(
                domain.Principle(
                    group.party,
                    group.heading,
                    item.text,
                    tags(docs["principles.yaml"][0], at, item.topics),
                )
            )
    compliance_rows = [
        domain.ComplianceRow(
            r.aspect,
            r.aws,
            r.customer,
            tags(docs["compliance.yaml"][0], ("rows", i, "topics"), r.topics),
        )
        for i, r in enumerate(compliance.rows if compliance else [])
    ]
    if not (pack and topics and cats and models and principles and compliance and oos):
        return None, problems
    if "references.yaml" not in docs or controls is None:
        return None, problems

    knowledge = domain.Knowledge(
        pack=pack.slug,
        provider=pack.provider,
        title=pack.title,
        subtitle=pack.subtitle,
        intro=pack.intro,
        source_url=pack.source_url,
        services=tuple(built),
        categories=tuple(
            domain.Category(c.slug, c.name, c.qualifier, c.examples, c.lead, tuple(c.points))
            for c in cats.categories
        ),
        service_models=tuple(
            domain.ServiceModel(m.slug, m.abbreviation, m.name, m.examples, m.description)
            for m in models.models
        ),
        service_model_lead=models.lead,
        takeaway=models.takeaway,
        overview=tuple(domain.OverviewLine(o.party, o.label, o.text) for o in principles.overview),
        principles=tuple(principle_values),
        compliance_lead=compliance.lead,
        compliance=tuple(compliance_rows),
        references=tuple(
            domain.Reference(r.title, r.url) for r in docs["references.yaml"][1].references
        ),
        topics=tuple(domain.Topic(slug, tuple(t.words)) for slug, t in topics.topics.items()),
        out_of_scope=domain.OutOfScope(
            tuple(oos.clouds), tuple(oos.services), tuple(oos.off_topic), tuple(oos.mentioned)
        ),
        checks_source=domain.ChecksSource(
            controls.source.text, controls.source.url, controls.source.as_of
        ),
    )

    # An out-of-scope word that the knowledge itself uses would turn covered questions away.
    corpus = _words(
        " ".join(
            [d.text for s in knowledge.services for d in s.duties]
            + [b.text for s in knowledge.services for b in s.best_practices]
            + [a for s in knowledge.services for a in (s.name, s.full_name, *s.aliases)]
            + [p.text for p in knowledge.principles]
            + [c for r in knowledge.compliance for c in (r.aws, r.customer)]
        )
    )
    for key in ("clouds", "services", "off_topic"):
        for i, term in enumerate(getattr(oos, key)):
            if _words(term) in corpus:
                oos_doc = docs["out_of_scope.yaml"][0]
                problems.append(
                    Problem(
                        oos_doc.name,
                        oos_doc.line((key, i)),
                        f"'{term}' is used by the knowledge itself, so it cannot be out of scope",
                    )
                )
    return knowledge, problems


def validate_dir(root: Path) -> Result:
    """Validate a knowledge folder; return the knowledge (when valid) and every problem."""
    root = Path(root)
    if not root.is_dir():
        return Result(None, [Problem(shown_path(root), 1, "no such knowledge folder")])
    problems: list[Problem] = []
    docs: dict[str, tuple[YamlDoc, Any]] = {}
    for name, model in schema.FIXED_FILES.items():
        path = root / name
        if not path.is_file():
            problems.append(Problem(name, 1, "missing file"))
            continue
        doc, value = _read_checked(path, name, model, problems)
        if doc is not None and value is not None:
            docs[name] = (doc, value)
    services: list[tuple[YamlDoc, schema.ServiceFile]] = []
    broken: set[str] = set()
    service_paths = sorted((root / schema.SERVICES_DIR).glob("*.yaml"))
    if not service_paths:
        problems.append(Problem(schema.SERVICES_DIR, 1, "no service files (services/*.yaml)"))
    for path in service_paths:
        name = f"{schema.SERVICES_DIR}/{path.name}"
        doc, read_problems = read_yaml(path, name)
        problems += read_problems
        value, check_problems = _check(doc, schema.ServiceFile) if doc else (None, [])
        problems += check_problems
        if value is not None:
            services.append((doc, value))
        else:
            broken.add(path.stem)
    knowledge, build_problems = _build(services, docs, broken, root)
    problems += build_problems
    knowledge, optional_problems, warnings = _add_optional(root, knowledge)
    problems += optional_problems
    # Named from the folder, so each line is a path a terminal or editor can open.
    problems = [replace(p, root=root) for p in problems]
    # A stale phrasing is worth a line only when the knowledge is otherwise sound: while it has
    # problems, a duty may be missing for their sake.
    warnings = [replace(p, root=root) for p in warnings] if not problems else []
    return Result(knowledge if not problems else None, problems, warnings)


def _read_checked(
    path: Path, name: str, model: type[schema.Strict], problems: list[Problem]
) -> tuple[YamlDoc | None, Any]:
    """A file read and checked against its model; its problems are added to `problems`."""
    doc, read_problems = read_yaml(path, name)
    problems += read_problems
    if doc is None:
        return None, None
    value, check_problems = _check(doc, model)
    problems += check_problems
    return doc, value


def _add_optional(
    root: Path, knowledge: domain.Knowledge | None
) -> tuple[domain.Knowledge | None, list[Problem], list[Problem]]:
    """The optional files (asked_as.yaml): their problems, and warnings for what in them does
    not match the knowledge (skipped while the knowledge itself has problems)."""
    from bot.knowledge.phrasings import build_phrasings  # it imports this module's types

    problems: list[Problem] = []
    warnings: list[Problem] = []
    for name, model in schema.OPTIONAL_FILES.items():
        path = root / name
        if not path.is_file():
            continue
        doc, value = _read_checked(path, name, model, problems)
        if doc is not None and value is not None and knowledge is not None:
            phrasings, stale = build_phrasings(doc, value, knowledge.services)
            warnings += stale
            knowledge = replace(knowledge, phrasings=phrasings)
    return knowledge, problems, warnings
