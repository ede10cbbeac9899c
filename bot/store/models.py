"""SQLAlchemy models of the store. The Alembic migrations in `migrations/` create exactly these
tables (a test compares them); a change here needs a new migration and a new SCHEMA_REVISION.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The Alembic head these models (with slack_models and ops_models) correspond to.
from bot.store.revision import SCHEMA_REVISION

__all__ = ["SCHEMA_REVISION", "Base"]


class Base(DeclarativeBase):
    pass


class Pack(Base):
    __tablename__ = "packs"

    slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    provider: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    subtitle: Mapped[str] = mapped_column(Text)
    intro: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    service_model_lead: Mapped[str] = mapped_column(Text)
    takeaway: Mapped[str] = mapped_column(Text)
    compliance_lead: Mapped[str] = mapped_column(Text)
    # Where the duties' Security Hub controls came from (migration 0004_checks).
    checks_source_text: Mapped[str | None] = mapped_column(Text)
    checks_source_url: Mapped[str | None] = mapped_column(Text)
    checks_as_of: Mapped[str | None] = mapped_column(String(10))


class KnowledgeVersion(Base):
    """One row per load that changed the knowledge; the newest row of a pack is current."""

    __tablename__ = "knowledge_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pack: Mapped[str] = mapped_column(String(32), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Service(Base):
    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("pack", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    full_name: Mapped[str] = mapped_column(String(256))
    matrix_label: Mapped[str] = mapped_column(String(256))
    docs_url: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    aliases: Mapped[list[ServiceAlias]] = relationship(
        order_by="ServiceAlias.position", cascade="all, delete-orphan", passive_deletes=True
    )
    launch_types: Mapped[list[LaunchType]] = relationship(
        order_by="LaunchType.position", cascade="all, delete-orphan", passive_deletes=True
    )
    duties: Mapped[list[Duty]] = relationship(
        order_by="Duty.position", cascade="all, delete-orphan", passive_deletes=True
    )
    best_practices: Mapped[list[BestPractice]] = relationship(
        order_by="BestPractice.position", cascade="all, delete-orphan", passive_deletes=True
    )
    classifications: Mapped[list[Classification]] = relationship(
        order_by="Classification.position", cascade="all, delete-orphan", passive_deletes=True
    )


class ServiceAlias(Base):
    __tablename__ = "service_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(256))
    position: Mapped[int] = mapped_column(Integer)


class LaunchType(Base):
    __tablename__ = "launch_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(256))
    aliases: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)


class Duty(Base):
    __tablename__ = "duties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    launch_type: Mapped[str | None] = mapped_column(String(64))
    party: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)
    review_note: Mapped[str | None] = mapped_column(Text)

    checks: Mapped[list[DutyCheck]] = relationship(
        order_by="DutyCheck.position", cascade="all, delete-orphan", passive_deletes=True
    )
    notes: Mapped[list[DutyNote]] = relationship(
        order_by="DutyNote.position", cascade="all, delete-orphan", passive_deletes=True
    )


class SecurityControl(Base):
    """An AWS Security Hub control, once per pack (duties refer to it by its id)."""

    __tablename__ = "security_controls"
    __table_args__ = (UniqueConstraint("pack", "control_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    control_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    standards: Mapped[list[str]] = mapped_column(JSON)
    config_rule: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class DutyCheck(Base):
    """A control that tests a customer duty, in the duty's order (best first)."""

    __tablename__ = "duty_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("duties.id", ondelete="CASCADE"), index=True)
    control_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)


class DutyNote(Base):
    """A sourced note on a duty where the document is out of date."""

    __tablename__ = "duty_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("duties.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    read_on: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer)


class BestPractice(Base):
    __tablename__ = "best_practices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)


class Classification(Base):
    __tablename__ = "classifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(64))
    launch_type: Mapped[str | None] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)


class PackRow:
    """Columns every pack-level table shares."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    position: Mapped[int] = mapped_column(Integer)


class Category(PackRow, Base):
    __tablename__ = "categories"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(256))
    qualifier: Mapped[str] = mapped_column(String(256))
    examples: Mapped[str] = mapped_column(Text)
    lead: Mapped[str] = mapped_column(Text)
    points: Mapped[list[str]] = mapped_column(JSON)


class ServiceModel(PackRow, Base):
    __tablename__ = "service_models"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    abbreviation: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(256))
    examples: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)


class OverviewLine(PackRow, Base):
    __tablename__ = "overview_lines"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(256))
    text: Mapped[str] = mapped_column(Text)


class Principle(PackRow, Base):
    __tablename__ = "principles"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(16))
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON)


class ComplianceRow(PackRow, Base):
    __tablename__ = "compliance_rows"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    aspect: Mapped[str] = mapped_column(String(256))
    aws: Mapped[str] = mapped_column(Text)
    customer: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON)


class SourceReference(PackRow, Base):
    __tablename__ = "source_references"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)


class Topic(PackRow, Base):
    __tablename__ = "topics"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    words: Mapped[list[str]] = mapped_column(JSON)


class OutOfScopeTerm(PackRow, Base):
    __tablename__ = "out_of_scope_terms"

    pack: Mapped[str] = mapped_column(ForeignKey("packs.slug", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(256))
