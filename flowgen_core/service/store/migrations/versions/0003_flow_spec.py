"""Flow specs: each version stores the spec it was made and checked against.

A nullable JSON column; versions stored before it have no spec, and a refinement of one
starts its spec from the version's stored brief.

Revision ID: 0003_flow_spec
Revises: 0002_tenancy
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_flow_spec"
down_revision: str | None = "0002_tenancy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite refuses to rebuild a table other rows point at.
    op.add_column(
        "flow_versions",
        sa.Column(
            "spec",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    op.drop_column("flow_versions", "spec")
