"""a PostGIS GiST index on the organisations' points, where the server offers PostGIS

Issue 16: bounding-box reads on PostgreSQL use PostGIS where the ``postgis`` package is
installed, the B-tree on (lon, lat, kind) otherwise. The index is on the expression
ST_MakePoint(lon, lat), so the table keeps its two coordinate columns and nothing changes
on SQLite or on a server without PostGIS (hubs.organizations.spatial does the same when
the table is created from the models).

Revision ID: c3d5f7a9e1b2
Revises: a7c4e1f9b2d3
Create Date: 2026-12-03 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d5f7a9e1b2'
down_revision = 'a7c4e1f9b2d3'
branch_labels = None
depends_on = None

INDEX = "ix_organization_point_gist"


def _offers_postgis(bind) -> bool:
    return bind.dialect.name == "postgresql" and bind.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first() is not None


def upgrade():
    bind = op.get_bind()
    if _offers_postgis(bind):
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON organization USING gist (ST_MakePoint(lon, lat))")


def downgrade():
    # The extension stays: other objects of the database may use it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
