"""Certification: four-eyes decisions, notices, affiliations, users' language

A review's decision is now a proposal a second coordinator confirms or sends back
(review.proposal_state, decided_by_id, decided_at, decision_note, public_evaluation); a
certification keeps its one-line public evaluation; notices for applicants and coordinators;
applicants' affiliations to organisations; each user's language for notices and mails.
Decisions recorded before this revision took effect at once: they are marked confirmed.

Revision ID: c3f1a9e2d4b7
Revises: 5b2e8c41d7a9
"""
from alembic import op
import sqlalchemy as sa

revision = 'c3f1a9e2d4b7'
down_revision = '5b2e8c41d7a9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=True))

    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_evaluation', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('proposal_state', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key('fk_review_decided_by', 'user_account', ['decided_by_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_check_constraint(
            'ck_review_proposal_state',
            "proposal_state IS NULL OR proposal_state IN ('proposed', 'confirmed', 'sent_back')")
    op.execute("UPDATE review SET proposal_state = 'confirmed' WHERE decision IS NOT NULL")

    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_evaluation', sa.String(length=200), server_default='', nullable=False))

    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('params_json', sa.Text(), nullable=False),
    sa.Column('once_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['hub_application.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('once_key')
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_user_id'), ['user_id'], unique=False)

    op.create_table('affiliation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('domain_match', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'confirmed', 'refused')", name='ck_affiliation_status'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'organization_id', name='uq_affiliation_user_organization')
    )
    with op.batch_alter_table('affiliation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_affiliation_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_affiliation_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('affiliation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_affiliation_user_id'))
        batch_op.drop_index(batch_op.f('ix_affiliation_organization_id'))
    op.drop_table('affiliation')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_user_id'))
    op.drop_table('notice')
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_column('public_evaluation')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_constraint('ck_review_proposal_state', type_='check')
        batch_op.drop_constraint('fk_review_decided_by', type_='foreignkey')
        batch_op.drop_column('decision_note')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('proposal_state')
        batch_op.drop_column('public_evaluation')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('language')
