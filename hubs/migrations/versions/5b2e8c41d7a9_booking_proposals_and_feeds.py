"""Booking proposals and personal calendar feeds (issue 15, item 5)

Lab staff may propose another slot (status ``proposed`` with ``proposed_start_at``/``proposed_end_at``,
history steps ``proposed`` and ``accepted`` that record their slot), and each person may keep one
private calendar feed (``booking_feed``: only the SHA-256 of its secret).

On SQLite the two tables are copied to change their CHECK constraints, which drops the triggers
that keep approved bookings from overlapping; they are created again here.

Revision ID: 5b2e8c41d7a9
Revises: 74e95e75485d
"""
from alembic import op
import sqlalchemy as sa


revision = '5b2e8c41d7a9'
down_revision = '74e95e75485d'
branch_labels = None
depends_on = None

STATUSES_BEFORE = "status IN ('requested', 'approved', 'declined')"
STATUSES_AFTER = "status IN ('requested', 'approved', 'declined', 'proposed')"
ACTIONS_BEFORE = "action IN ('requested', 'approved', 'declined')"
ACTIONS_AFTER = "action IN ('requested', 'approved', 'declined', 'proposed', 'accepted')"
PROPOSAL = ("status != 'proposed' OR (proposed_start_at IS NOT NULL AND proposed_end_at IS NOT NULL "
            "AND proposed_end_at > proposed_start_at)")

# The SQLite triggers of revision 74e95e75485d, as of this revision (kept here, never imported).
SQLITE_NO_OVERLAP = [
    f"""CREATE TRIGGER IF NOT EXISTS booking_no_overlap_{event.lower()}
BEFORE {event} ON booking
WHEN NEW.status = 'approved' AND EXISTS (
  SELECT 1 FROM booking AS b WHERE b.equipment_id = NEW.equipment_id AND b.status = 'approved'
  AND b.id IS NOT NEW.id AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at)
BEGIN SELECT RAISE(ABORT, 'booking_overlap'); END""" for event in ("INSERT", "UPDATE")
]


def _booking(statuses: str) -> sa.Table:
    return sa.Table(
        'booking', sa.MetaData(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('equipment_id', sa.Integer(), sa.ForeignKey('equipment.id', ondelete='CASCADE'), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('user_account.id', ondelete='CASCADE'), nullable=False),
        sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('purpose', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), sa.ForeignKey('user_account.id', ondelete='SET NULL'),
                  nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(statuses, name='ck_booking_status'),
        sa.CheckConstraint('end_at > start_at', name='ck_booking_period'),
        sa.PrimaryKeyConstraint('id'),
        sa.Index('ix_booking_equipment_id', 'equipment_id'),
        sa.Index('ix_booking_status', 'status'),
        sa.Index('ix_booking_user_id', 'user_id'),
    )


def _booking_event(actions: str) -> sa.Table:
    return sa.Table(
        'booking_event', sa.MetaData(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), sa.ForeignKey('booking.id', ondelete='CASCADE'), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), sa.ForeignKey('user_account.id', ondelete='SET NULL'), nullable=True),
        sa.Column('actor_role', sa.String(length=20), nullable=False),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.CheckConstraint(actions, name='ck_booking_event_action'),
        sa.PrimaryKeyConstraint('id'),
        sa.Index('ix_booking_event_booking_id', 'booking_id'),
    )


def _triggers() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for statement in SQLITE_NO_OVERLAP:
            op.execute(statement)


def upgrade():
    op.create_table('booking_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash'),
    sa.UniqueConstraint('user_id')
    )
    with op.batch_alter_table('booking', copy_from=_booking(STATUSES_BEFORE)) as batch_op:
        batch_op.add_column(sa.Column('proposed_start_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('proposed_end_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint('ck_booking_status', type_='check')
        batch_op.create_check_constraint('ck_booking_status', STATUSES_AFTER)
        batch_op.create_check_constraint('ck_booking_proposal', PROPOSAL)
    with op.batch_alter_table('booking_event', copy_from=_booking_event(ACTIONS_BEFORE)) as batch_op:
        batch_op.add_column(sa.Column('start_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('end_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint('ck_booking_event_action', type_='check')
        batch_op.create_check_constraint('ck_booking_event_action', ACTIONS_AFTER)
    _triggers()


def downgrade():
    # Steps and requests the older schema cannot hold are turned into what it can: an open proposal is
    # an open request again, and the proposal and acceptance steps are dropped from the history.
    op.execute("DELETE FROM booking_event WHERE action IN ('proposed', 'accepted')")
    op.execute("UPDATE booking SET status = 'requested' WHERE status = 'proposed'")
    table = _booking(STATUSES_AFTER)
    table.append_column(sa.Column('proposed_start_at', sa.DateTime(timezone=True), nullable=True))
    table.append_column(sa.Column('proposed_end_at', sa.DateTime(timezone=True), nullable=True))
    table.append_constraint(sa.CheckConstraint(PROPOSAL, name='ck_booking_proposal'))
    with op.batch_alter_table('booking', copy_from=table) as batch_op:
        batch_op.drop_constraint('ck_booking_proposal', type_='check')
        batch_op.drop_constraint('ck_booking_status', type_='check')
        batch_op.create_check_constraint('ck_booking_status', STATUSES_BEFORE)
        batch_op.drop_column('proposed_end_at')
        batch_op.drop_column('proposed_start_at')
    events = _booking_event(ACTIONS_AFTER)
    events.append_column(sa.Column('start_at', sa.DateTime(timezone=True), nullable=True))
    events.append_column(sa.Column('end_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('booking_event', copy_from=events) as batch_op:
        batch_op.drop_constraint('ck_booking_event_action', type_='check')
        batch_op.create_check_constraint('ck_booking_event_action', ACTIONS_BEFORE)
        batch_op.drop_column('end_at')
        batch_op.drop_column('start_at')
    _triggers()
    op.drop_table('booking_feed')
