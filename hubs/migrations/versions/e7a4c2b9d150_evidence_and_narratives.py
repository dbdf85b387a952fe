"""Certification evidence: a narrative per rubric indicator and evidence files

Issue 13, item 1. Each revision keeps the applicant's narratives (rubric indicator key →
text) with its values, frozen at submission like them; evidence files are rows of
evidence_file, one per file and revision (a new revision copies the rows), pointing by
SHA-256 at the bytes stored outside the web root (instance/evidence).

Revision ID: e7a4c2b9d150
Revises: 6dc8e72f39e8
"""
from alembic import op
import sqlalchemy as sa

revision = 'e7a4c2b9d150'
down_revision = '6dc8e72f39e8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application_revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('narratives_json', sa.Text(), server_default='{}', nullable=False))

    op.create_table('evidence_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=80), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['application_revision.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evidence_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_file_revision_id'), ['revision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_file_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_file_uploaded_by_id'), ['uploaded_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('evidence_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_file_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_file_sha256'))
        batch_op.drop_index(batch_op.f('ix_evidence_file_revision_id'))
    op.drop_table('evidence_file')

    with op.batch_alter_table('application_revision', schema=None) as batch_op:
        batch_op.drop_column('narratives_json')
