"""Print the knowledge back as the source document's "Detailed Responsibility Matrix" table."""

from __future__ import annotations

from bot import domain

HEADER = (
    "| Service | AWS Responsibility | Customer Responsibility |\n"
    "|---------|-------------------|------------------------|"
)


def _cell(service: domain.Service, party: domain.Party) -> str:
    if not service.launch_types:
        return "<br>".join(f"• {d.text}" for d in service.duties_of(party))
    groups = []
    for lt in service.launch_types:
        bullets = "<br>".join(f"• {d.text}" for d in service.duties_of(party, lt.slug))
        groups.append(f"**{lt.label}**:<br>{bullets}")
    return "<br><br>".join(groups)


def matrix_markdown(knowledge: domain.Knowledge) -> str:
    rows = [HEADER]
    for s in knowledge.services:
        rows.append(f"| **{s.matrix_label}** | {_cell(s, 'aws')} | {_cell(s, 'customer')} |")
    return "\n".join(rows) + "\n"
