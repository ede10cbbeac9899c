"""Saving and reading the knowledge. A load replaces a pack's rows in one transaction, so readers
see the old knowledge or the new, never a mix; loading equal content changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, delete, func, inspect, select, text
from sqlalchemy.orm import Session, selectinload

from bot import domain
from bot.store import models as m


@dataclass(frozen=True)
class Version:
    pack: str
    content_hash: str
    loaded_at: datetime
    id: int

    @property
    def short(self) -> str:
        return self.content_hash[:12]


@dataclass(frozen=True)
class LoadResult:
    version: Version
    changed: bool


def current_version(session: Session, pack: str = "aws") -> Version | None:
    row = session.scalars(
        select(m.KnowledgeVersion)
        .where(m.KnowledgeVersion.pack == pack)
        .order_by(m.KnowledgeVersion.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    loaded_at = row.loaded_at
    if loaded_at.tzinfo is None:  # SQLite keeps no time zone; every load time is stored in UTC
        loaded_at = loaded_at.replace(tzinfo=UTC)
    return Version(row.pack, row.content_hash, loaded_at, row.id)


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the store is at, or None when it was never migrated."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


_PACK_TABLES = (
    m.Category,
    m.ServiceModel,
    m.OverviewLine,
    m.Principle,
    m.ComplianceRow,
    m.SourceReference,
    m.Topic,
    m.OutOfScopeTerm,
    m.SecurityControl,
)
_DUTY_TABLES = (m.DutyCheck, m.DutyNote)
_SERVICE_TABLES = (m.ServiceAlias, m.LaunchType, m.Duty, m.BestPractice, m.Classification)


def _delete_pack(session: Session, pack: str) -> None:
    service_ids = select(m.Service.id).where(m.Service.pack == pack).scalar_subquery()
    duty_ids = select(m.Duty.id).where(m.Duty.service_id.in_(service_ids)).scalar_subquery()
    for table in _DUTY_TABLES:
        session.execute(delete(table).where(table.duty_id.in_(duty_ids)))
    for table in _SERVICE_TABLES:
        session.execute(delete(table).where(table.service_id.in_(service_ids)))
    session.execute(delete(m.Service).where(m.Service.pack == pack))
    for table in _PACK_TABLES:
        session.execute(delete(table).where(table.pack == pack))
    session.execute(delete(m.Pack).where(m.Pack.slug == pack))


def _rows(k: domain.Knowledge) -> list[object]:
    p = k.pack
    rows: list[object] = [
        m.Pack(
            slug=p,
            provider=k.provider,
            title=k.title,
            subtitle=k.subtitle,
            intro=k.intro,
            source_url=k.source_url,
            service_model_lead=k.service_model_lead,
            takeaway=k.takeaway,
            compliance_lead=k.compliance_lead,
            checks_source_text=k.checks_source.text if k.checks_source else None,
            checks_source_url=k.checks_source.url if k.checks_source else None,
            checks_as_of=k.checks_source.as_of if k.checks_source else None,
        )
    ]
    controls: dict[str, domain.Check] = {}
    for s in k.services:
        for d in s.duties:
            for c in d.checks:
                controls.setdefault(c.id, c)
    rows += [
        m.SecurityControl(
            pack=p,
            control_id=c.id,
            title=c.title,
            standards=list(c.standards),
            config_rule=c.config_rule,
            url=c.url,
            position=i,
        )
        for i, c in enumerate(controls.values())
    ]
    for i, s in enumerate(k.services):
        rows.append(
            m.Service(
                pack=p,
                slug=s.slug,
                name=s.name,
                full_name=s.full_name,
                matrix_label=s.matrix_label,
                docs_url=s.docs_url,
                position=i,
                aliases=[m.ServiceAlias(alias=a, position=j) for j, a in enumerate(s.aliases)],
                launch_types=[
                    m.LaunchType(slug=lt.slug, label=lt.label, aliases=list(lt.aliases), position=j)
                    for j, lt in enumerate(s.launch_types)
                ],
                duties=[
                    m.Duty(
                        launch_type=d.launch_type,
                        party=d.party,
                        text=d.text,
                        topics=list(d.topics),
                        position=j,
                        review_note=d.review_note,
                        checks=[
                            m.DutyCheck(control_id=c.id, position=n) for n, c in enumerate(d.checks)
                        ],
                        notes=[
                            m.DutyNote(
                                text=x.text,
                                source_url=x.source_url,
                                read_on=date.fromisoformat(x.read_on),
                                position=n,
                            )
                            for n, x in enumerate(d.notes)
                        ],
                    )
                    for j, d in enumerate(s.duties)
                ],
                best_practices=[
                    m.BestPractice(text=b.text, topics=list(b.topics), position=j)
                    for j, b in enumerate(s.best_practices)
                ],
                classifications=[
                    m.Classification(
                        scheme=c.scheme, ref=c.ref, launch_type=c.launch_type, position=j
                    )
                    for j, c in enumerate(s.classifications)
                ],
            )
        )
    rows += [
        m.Category(
            pack=p,
            slug=c.slug,
            name=c.name,
            qualifier=c.qualifier,
            examples=c.examples,
            lead=c.lead,
            points=list(c.points),
            position=i,
        )
        for i, c in enumerate(k.categories)
    ]
    rows += [
        m.ServiceModel(
            pack=p,
            slug=s.slug,
            abbreviation=s.abbreviation,
            name=s.name,
            examples=s.examples,
            description=s.description,
            position=i,
        )
        for i, s in enumerate(k.service_models)
    ]
    rows += [
        m.OverviewLine(pack=p, party=o.party, label=o.label, text=o.text, position=i)
        for i, o in enumerate(k.overview)
    ]
    rows += [
        m.Principle(
            pack=p, party=x.party, heading=x.heading, text=x.text, topics=list(x.topics), position=i
        )
        for i, x in enumerate(k.principles)
    ]
    rows += [
        m.ComplianceRow(
            pack=p,
            aspect=r.aspect,
            aws=r.aws,
            customer=r.customer,
            topics=list(r.topics),
            position=i,
        )
        for i, r in enumerate(k.compliance)
    ]
    rows += [
        m.SourceReference(pack=p, title=r.title, url=r.url, position=i)
        for i, r in enumerate(k.references)
    ]
    rows += [
        m.Topic(pack=p, slug=t.slug, words=list(t.words), position=i)
        for i, t in enumerate(k.topics)
    ]
    oos = k.out_of_scope
    terms = [("clouds", t) for t in oos.clouds] + [("services", t) for t in oos.services]
    terms += [("off_topic", t) for t in oos.off_topic]
    rows += [
        m.OutOfScopeTerm(pack=p, kind=kind, term=t, position=i) for i, (kind, t) in enumerate(terms)
    ]
    return rows


def save_knowledge(session: Session, knowledge: domain.Knowledge) -> LoadResult:
    """Replace the pack's knowledge inside the caller's transaction (nothing is committed here)."""
    digest = knowledge.content_hash()
    current = current_version(session, knowledge.pack)
    if current is not None and current.content_hash == digest:
        return LoadResult(current, changed=False)
    _delete_pack(session, knowledge.pack)
    session.flush()
    pack_row, *rows = _rows(knowledge)
    session.add(pack_row)
    session.flush()  # the pack first: other rows refer to it, and no relationship orders them
    session.add_all(rows)
    row = m.KnowledgeVersion(pack=knowledge.pack, content_hash=digest, loaded_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return LoadResult(Version(row.pack, row.content_hash, row.loaded_at, row.id), changed=True)


def load_knowledge(session: Session, pack: str = "aws") -> domain.Knowledge | None:
    """Read a pack back from the store, or None when it was never loaded."""
    p = session.get(m.Pack, pack)
    if p is None:
        return None

    def ordered(model):
        return session.scalars(select(model).where(model.pack == pack).order_by(model.position))

    controls = {
        c.control_id: domain.Check(c.control_id, c.title, tuple(c.standards), c.url, c.config_rule)
        for c in ordered(m.SecurityControl)
    }
    services = []
    query = (
        select(m.Service)
        .where(m.Service.pack == pack)
        .order_by(m.Service.position)
        .options(
            selectinload(m.Service.aliases),
            selectinload(m.Service.launch_types),
            selectinload(m.Service.duties).selectinload(m.Duty.checks),
            selectinload(m.Service.duties).selectinload(m.Duty.notes),
            selectinload(m.Service.best_practices),
            selectinload(m.Service.classifications),
        )
    )
    for s in session.scalars(query):
        services.append(
            domain.Service(
                slug=s.slug,
                name=s.name,
                full_name=s.full_name,
                matrix_label=s.matrix_label,
                docs_url=s.docs_url,
                aliases=tuple(a.alias for a in s.aliases),
                launch_types=tuple(
                    domain.LaunchType(lt.slug, lt.label, tuple(lt.aliases)) for lt in s.launch_types
                ),
                duties=tuple(_duty(d, controls) for d in s.duties),
                best_practices=tuple(
                    domain.BestPractice(b.text, tuple(b.topics)) for b in s.best_practices
                ),
                classifications=tuple(
                    domain.Classification(c.scheme, c.ref, c.launch_type)  # type: ignore[arg-type]
                    for c in s.classifications
                ),
            )
        )
    terms: dict[str, list[str]] = {"clouds": [], "services": [], "off_topic": []}
    for t in ordered(m.OutOfScopeTerm):
        terms.setdefault(t.kind, []).append(t.term)
    return domain.Knowledge(
        pack=p.slug,
        provider=p.provider,
        title=p.title,
        subtitle=p.subtitle,
        intro=p.intro,
        source_url=p.source_url,
        services=tuple(services),
        categories=tuple(
            domain.Category(c.slug, c.name, c.qualifier, c.examples, c.lead, tuple(c.points))
            for c in ordered(m.Category)
        ),
        service_models=tuple(
            domain.ServiceModel(x.slug, x.abbreviation, x.name, x.examples, x.description)
            for x in ordered(m.ServiceModel)
        ),
        service_model_lead=p.service_model_lead,
        takeaway=p.takeaway,
        overview=tuple(
            domain.OverviewLine(o.party, o.label, o.text)  # type: ignore[arg-type]
            for o in ordered(m.OverviewLine)
        ),
        principles=tuple(
            domain.Principle(x.party, x.heading, x.text, tuple(x.topics))  # type: ignore[arg-type]
            for x in ordered(m.Principle)
        ),
        compliance_lead=p.compliance_lead,
        compliance=tuple(
            domain.ComplianceRow(r.aspect, r.aws, r.customer, tuple(r.topics))
            for r in ordered(m.ComplianceRow)
        ),
        references=tuple(domain.Reference(r.title, r.url) for r in ordered(m.SourceReference)),
        topics=tuple(domain.Topic(t.slug, tuple(t.words)) for t in ordered(m.Topic)),
        out_of_scope=domain.OutOfScope(
            tuple(terms["clouds"]), tuple(terms["services"]), tuple(terms["off_topic"])
        ),
        checks_source=(
            domain.ChecksSource(
                p.checks_source_text, p.checks_source_url or "", p.checks_as_of or ""
            )
            if p.checks_source_text
            else None
        ),
    )


def _duty(d: m.Duty, controls: dict[str, domain.Check]) -> domain.Duty:
    return domain.Duty(
        d.party,  # type: ignore[arg-type]
        d.text,
        tuple(d.topics),
        d.launch_type,
        checks=tuple(controls[c.control_id] for c in d.checks if c.control_id in controls),
        review_note=d.review_note,
        notes=tuple(domain.Note(n.text, n.source_url, n.read_on.isoformat()) for n in d.notes),
    )


def load_consistent(
    session: Session, pack: str = "aws", attempts: int = 5
) -> tuple[Version, domain.Knowledge] | None:
    """The current version and its knowledge, read as one: the reads are separate statements, so
    a load committed between them would give a mix; the version is read again after the
    knowledge, and the reading repeated until nothing was loaded in between."""
    for _ in range(attempts):
        version = current_version(session, pack)
        if version is None:
            return None
        knowledge = load_knowledge(session, pack)
        session.rollback()  # end this read: the check below must see what committed since
        again = current_version(session, pack)
        if knowledge is not None and again is not None and again.id == version.id:
            return version, knowledge
        session.rollback()
    raise RuntimeError("the knowledge kept changing while it was read")


def count_rows(session: Session) -> dict[str, int]:
    """Rows per knowledge table (for tests and status output)."""
    tables = (
        m.Pack,
        m.Service,
        *_SERVICE_TABLES,
        *_DUTY_TABLES,
        *_PACK_TABLES,
        m.KnowledgeVersion,
    )
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in tables}
