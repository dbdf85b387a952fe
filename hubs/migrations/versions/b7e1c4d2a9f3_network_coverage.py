"""network coverage: new organisation kinds, provenance dates, lab domains, hub validity

Revision ID: b7e1c4d2a9f3
Revises: 6a764bcd0218
Create Date: 2026-12-03 03:00:00

Issue 14: kinds ``kosen``, ``national_rd``, ``inter_university`` and ``aist_joint_lab``;
``checked_on`` on every record; ``lab_domain`` for public labs; ``agency`` and ``company``;
``started_on``/``ended_on`` for OILs and 冠ラボ; a hub selection's ``valid_until`` and
``renewal_state`` (``selected_on`` widens to a full ISO date).
"""
from alembic import op
import sqlalchemy as sa


revision = 'b7e1c4d2a9f3'
down_revision = '6a764bcd0218'
branch_labels = None
depends_on = None

_OLD_KINDS = "kind IN ('aist_centre', 'aist_oil', 'public_lab', 'university', 'hub')"
_NEW_KINDS = ("kind IN ('aist_centre', 'aist_oil', 'public_lab', 'university', 'hub', "
              "'kosen', 'national_rd', 'inter_university', 'aist_joint_lab')")
_LAB_DOMAINS = ("lab_domain = '' OR lab_domain IN ('industrial', 'food', 'agriculture', 'livestock', "
                "'fisheries', 'forestry')")
_HUB_TRACKS = "hub_track = '' OR hub_track IN ('global', 'regional', 'platform')"
_RENEWAL = "renewal_state = '' OR renewal_state IN ('renewed', 'expired')"


def upgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('lab_domain', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('agency', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('company', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('started_on', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ended_on', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('valid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('renewal_state', sa.String(length=20), server_default='', nullable=False))
        batch_op.alter_column('selected_on', existing_type=sa.String(length=7), type_=sa.String(length=10),
                              existing_nullable=False)
        batch_op.drop_constraint('ck_organization_kind', type_='check')
        batch_op.create_check_constraint('ck_organization_kind', _NEW_KINDS)
        batch_op.create_check_constraint('ck_organization_lab_domain', _LAB_DOMAINS)
        batch_op.create_check_constraint('ck_organization_hub_track', _HUB_TRACKS)
        batch_op.create_check_constraint('ck_organization_renewal_state', _RENEWAL)


def downgrade():
    op.execute("DELETE FROM organization WHERE kind IN ('kosen', 'national_rd', 'inter_university', 'aist_joint_lab')")
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_constraint('ck_organization_renewal_state', type_='check')
        batch_op.drop_constraint('ck_organization_hub_track', type_='check')
        batch_op.drop_constraint('ck_organization_lab_domain', type_='check')
        batch_op.drop_constraint('ck_organization_kind', type_='check')
        batch_op.create_check_constraint('ck_organization_kind', _OLD_KINDS)
        batch_op.alter_column('selected_on', existing_type=sa.String(length=10), type_=sa.String(length=7),
                              existing_nullable=False)
        for column in ('renewal_state', 'valid_until', 'ended_on', 'started_on', 'company', 'agency',
                       'lab_domain', 'checked_on'):
            batch_op.drop_column(column)
