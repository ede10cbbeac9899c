"""The ownership overlay's table (bot.owners): one row per load that changed it, the newest row
current. The overlay is kept whole as JSON, so a load is one insert (all or nothing) and a
replica reads it in one query; its `id` is the overlay's version.

Created by migrations/versions/0005_owners.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.models import Base


class OwnerOverlay(Base):
    __tablename__ = "owner_overlays"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(255))  # the file's name, as rules cite it
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    document: Mapped[str] = mapped_column(Text)  # bot.owners.overlay.Overlay.to_json()
