"""Tenancy: every workspace, conversation, flow, version and API key belongs to one tenant.

Existing rows get the tenant they implicitly had: a workspace (a Slack team, or the API key
name that used to be the API caller's workspace) is its own tenant; conversations and flows
take their workspace's; versions their flow's; an API key the workspace it used to write to
(its name). Flows also get the approval lock, off for existing rows.

Revision ID: 0002_tenancy
Revises: 0001_initial
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_tenancy"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TENANT_TABLES = ("workspaces", "conversations", "flows", "flow_versions", "api_keys")
_INDEXED = ("workspaces", "conversations", "flow_versions")


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite refuses to rebuild a table other rows point at.
    # The empty default only lets existing rows exist until the backfill below gives them a tenant.
    for table in _TENANT_TABLES:
        op.add_column(table, sa.Column("tenant_id", sa.String(length=64), nullable=False, server_default=""))
    op.add_column("flows", sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column(
        "api_keys", sa.Column("cross_tenant_read", sa.Boolean(), nullable=False, server_default=sa.false())
    )

    op.execute("UPDATE workspaces SET tenant_id = id")
    op.execute("UPDATE conversations SET tenant_id = workspace_id")
    op.execute("UPDATE flows SET tenant_id = workspace_id")
    op.execute(
        "UPDATE flow_versions SET tenant_id = (SELECT flows.tenant_id FROM flows "
        "WHERE flows.id = flow_versions.flow_id)"
    )
    op.execute("UPDATE api_keys SET tenant_id = name")

    if op.get_bind().dialect.name == "postgresql":
        for table in _TENANT_TABLES:
            op.alter_column(table, "tenant_id", server_default=None)
    for table in _INDEXED:
        op.create_index(op.f(f"ix_{table}_tenant_id"), table, ["tenant_id"], unique=False)
    op.create_index("ix_flows_tenant_updated", "flows", ["tenant_id", "updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_flows_tenant_updated", table_name="flows")
    for table in _INDEXED:
        op.drop_index(op.f(f"ix_{table}_tenant_id"), table_name=table)
    op.drop_column("flows", "locked")
    op.drop_column("api_keys", "cross_tenant_read")
    for table in _TENANT_TABLES:
        op.drop_column(table, "tenant_id")
