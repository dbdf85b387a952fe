"""map cell counts kept with the organisations, and a data stamp

Issue 16: the national map at 1,000,000 organisations read every row per view (2.3–4.3 s
cold). organization_cell holds the count and coordinate sums per (zoom, 64-px cell, kind,
synthetic) for zooms 0..13, kept in step by the application on every write
(hubs.organizations.cells); data_stamp is a counter every write moves, so the data version
that keys the caches no longer counts a million rows. The cells of the existing
organisations are computed here.

Revision ID: a7c4e1f9b2d3
Revises: e7a4c2b9d150
Create Date: 2026-12-03 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c4e1f9b2d3'
down_revision = 'e7a4c2b9d150'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organization_cell',
        sa.Column('zoom', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('cx', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('cy', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('synthetic', sa.Boolean(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('sum_lon', sa.Float(), nullable=False),
        sa.Column('sum_lat', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('zoom', 'cx', 'cy', 'kind', 'synthetic'),
    )
    with op.batch_alter_table('organization_cell', schema=None) as batch_op:
        batch_op.create_index('ix_organization_cell_zoom_cy_cx', ['zoom', 'cy', 'cx'], unique=False)
    op.create_table(
        'data_stamp',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    # The cells of the organisations already there (the application's own computation).
    from hubs.organizations.cells import rebuild_cells

    rebuild_cells(op.get_bind())


def downgrade():
    op.drop_table('data_stamp')
    with op.batch_alter_table('organization_cell', schema=None) as batch_op:
        batch_op.drop_index('ix_organization_cell_zoom_cy_cx')
    op.drop_table('organization_cell')
