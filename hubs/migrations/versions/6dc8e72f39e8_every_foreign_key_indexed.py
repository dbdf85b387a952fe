"""Booking proposals and feeds, four-eyes decisions, notices, affiliations; every foreign key indexed

Three revisions of 2026-12-03 (booking proposals and feeds 5b2e8c41d7a9, four-eyes decisions,
notices and affiliations c3f1a9e2d4b7, every foreign key indexed 6dc8e72f39e8) squashed into
one before any release. It keeps the last one's id: a database already at 6dc8e72f39e8 is up
to date; one at 74e95e75485d gets the same schema in one step (checked table by table on
SQLite and PostgreSQL). A database at one of the two squashed revisions in between must be
upgraded with a checkout from before the squash first.

- Bookings: lab staff may propose another slot (status ``proposed`` with its slot, history
  steps ``proposed`` and ``accepted``); each person may keep one private calendar feed
  (``booking_feed``, only the SHA-256 of its secret). On SQLite the two tables are copied to
  change their CHECK constraints, which drops the triggers that keep approved bookings from
  overlapping: they are read before and created again after.
- Certification: a review's decision is a proposal a second coordinator confirms or sends
  back; the one-line public evaluation; notices; applicants' affiliations; each user's
  language. Decisions recorded before took effect at once: they are marked confirmed.
- Every foreign key column has an index (deleting N organisations was N squared without);
  the single-column index on organization.lon becomes a (lon, lat, kind) B-tree, so the
  map's bounding-box reads come from the index alone.

Revision ID: 6dc8e72f39e8
Revises: 74e95e75485d
"""
from alembic import op
import sqlalchemy as sa

revision = '6dc8e72f39e8'
down_revision = '74e95e75485d'
branch_labels = None
depends_on = None

BOOKING_STATUSES = ("status IN ('requested', 'approved', 'declined')",
                    "status IN ('requested', 'approved', 'declined', 'proposed')")
EVENT_ACTIONS = ("action IN ('requested', 'approved', 'declined')",
                 "action IN ('requested', 'approved', 'declined', 'proposed', 'accepted')")
PROPOSAL = ("status != 'proposed' OR (proposed_start_at IS NOT NULL AND proposed_end_at IS NOT NULL "
            "AND proposed_end_at > proposed_start_at)")

#: New indexes, by table and column: every foreign key, and the map's bounding-box index.
INDEXES = (
    ('affiliation', ['organization_id']), ('affiliation', ['user_id']), ('affiliation', ['decided_by_id']),
    ('notice', ['user_id']), ('notice', ['application_id']),
    ('review', ['decided_by_id']), ('review', ['reviewer_id']), ('review', ['revision_id']),
    ('application_revision', ['created_by_id']), ('audit_log', ['actor_id']),
    ('booking', ['decided_by_id']), ('booking_event', ['actor_id']),
    ('certification', ['certified_by_id']), ('certification', ['renewal_of_id']), ('certification', ['revision_id']),
    ('criteria_version', ['published_by_id']),
    ('hub_application', ['criteria_version_id']), ('hub_application', ['organization_id']),
    ('hub_application', ['prefecture_code']), ('hub_application', ['renewal_of_id']),
    ('hub_application', ['university_id']),
    ('organization', ['parent_id']), ('password_reset', ['issued_by_id']),
)
BOUNDING_BOX = ('ix_organization_lon_lat_kind', 'organization', ['lon', 'lat', 'kind'])


def _index_name(table: str, columns: list[str]) -> str:
    return f"ix_{table}_{'_'.join(columns)}"


def _copy(name: str, check: str, *columns: sa.Column, extra: tuple = ()) -> sa.Table:
    """``booking`` or ``booking_event`` as batch mode must copy it on SQLite (its CHECK
    constraints cannot be reflected)."""
    return sa.Table(
        name, sa.MetaData(),
        sa.Column('id', sa.Integer(), nullable=False),
        *columns,
        sa.CheckConstraint(check, name='ck_booking_status' if name == 'booking' else 'ck_booking_event_action'),
        *extra,
        sa.PrimaryKeyConstraint('id'),
    )


def _timestamps(prefix: str = '') -> list[sa.Column]:
    return [sa.Column(f'{prefix}start_at', sa.DateTime(timezone=True), nullable=True),
            sa.Column(f'{prefix}end_at', sa.DateTime(timezone=True), nullable=True)]


def _user(column: str, nullable: bool, ondelete: str) -> sa.Column:
    return sa.Column(column, sa.Integer(), sa.ForeignKey('user_account.id', ondelete=ondelete), nullable=nullable)


def _booking(statuses: str, proposal: bool = False) -> sa.Table:
    columns = [
        sa.Column('equipment_id', sa.Integer(), sa.ForeignKey('equipment.id', ondelete='CASCADE'), nullable=False),
        _user('user_id', False, 'CASCADE'),
        sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('purpose', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        _user('decided_by_id', True, 'SET NULL'),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        *(_timestamps('proposed_') if proposal else []),
    ]
    extra = (sa.CheckConstraint('end_at > start_at', name='ck_booking_period'),
             *((sa.CheckConstraint(PROPOSAL, name='ck_booking_proposal'),) if proposal else ()),
             sa.Index('ix_booking_equipment_id', 'equipment_id'), sa.Index('ix_booking_status', 'status'),
             sa.Index('ix_booking_user_id', 'user_id'))
    return _copy('booking', statuses, *columns, extra=extra)


def _booking_event(actions: str, slot: bool = False) -> sa.Table:
    columns = [
        sa.Column('booking_id', sa.Integer(), sa.ForeignKey('booking.id', ondelete='CASCADE'), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        _user('actor_id', True, 'SET NULL'),
        sa.Column('actor_role', sa.String(length=20), nullable=False),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        *(_timestamps() if slot else []),
    ]
    return _copy('booking_event', actions, *columns, extra=(sa.Index('ix_booking_event_booking_id', 'booking_id'),))


def _booking_triggers() -> list[str]:
    """The SQLite triggers on ``booking`` (those that keep approved bookings from overlapping),
    as the database holds them: batch mode's table copy drops them, so they are made again."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return []
    return list(bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'booking'"))
                .scalars())


def _bookings_up() -> None:
    triggers = _booking_triggers()
    with op.batch_alter_table('booking', copy_from=_booking(BOOKING_STATUSES[0])) as batch_op:
        for column in _timestamps('proposed_'):
            batch_op.add_column(column)
        batch_op.drop_constraint('ck_booking_status', type_='check')
        batch_op.create_check_constraint('ck_booking_status', BOOKING_STATUSES[1])
        batch_op.create_check_constraint('ck_booking_proposal', PROPOSAL)
    with op.batch_alter_table('booking_event', copy_from=_booking_event(EVENT_ACTIONS[0])) as batch_op:
        for column in _timestamps():
            batch_op.add_column(column)
        batch_op.drop_constraint('ck_booking_event_action', type_='check')
        batch_op.create_check_constraint('ck_booking_event_action', EVENT_ACTIONS[1])
    for statement in triggers:
        op.execute(statement)


def _bookings_down() -> None:
    # Steps and requests the older schema cannot hold are turned into what it can: an open proposal is
    # an open request again, and the proposal and acceptance steps are dropped from the history.
    op.execute("DELETE FROM booking_event WHERE action IN ('proposed', 'accepted')")
    op.execute("UPDATE booking SET status = 'requested' WHERE status = 'proposed'")
    triggers = _booking_triggers()
    with op.batch_alter_table('booking', copy_from=_booking(BOOKING_STATUSES[1], proposal=True)) as batch_op:
        batch_op.drop_constraint('ck_booking_proposal', type_='check')
        batch_op.drop_constraint('ck_booking_status', type_='check')
        batch_op.create_check_constraint('ck_booking_status', BOOKING_STATUSES[0])
        batch_op.drop_column('proposed_end_at')
        batch_op.drop_column('proposed_start_at')
    with op.batch_alter_table('booking_event', copy_from=_booking_event(EVENT_ACTIONS[1], slot=True)) as batch_op:
        batch_op.drop_constraint('ck_booking_event_action', type_='check')
        batch_op.create_check_constraint('ck_booking_event_action', EVENT_ACTIONS[0])
        batch_op.drop_column('end_at')
        batch_op.drop_column('start_at')
    for statement in triggers:
        op.execute(statement)


def _four_eyes_up() -> None:
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
    op.create_table(
        'notice',
        sa.Column('id', sa.Integer(), nullable=False),
        _user('user_id', False, 'CASCADE'),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('application_id', sa.Integer(), sa.ForeignKey('hub_application.id', ondelete='CASCADE'),
                  nullable=True),
        sa.Column('params_json', sa.Text(), nullable=False),
        sa.Column('once_key', sa.String(length=120), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('once_key'),
    )
    op.create_table(
        'affiliation',
        sa.Column('id', sa.Integer(), nullable=False),
        _user('user_id', False, 'CASCADE'),
        sa.Column('organization_id', sa.Integer(), sa.ForeignKey('organization.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('domain_match', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        _user('decided_by_id', True, 'SET NULL'),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'confirmed', 'refused')", name='ck_affiliation_status'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'organization_id', name='uq_affiliation_user_organization'),
    )


def _four_eyes_down() -> None:
    op.drop_table('affiliation')
    op.drop_table('notice')
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_column('public_evaluation')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_constraint('ck_review_proposal_state', type_='check')
        batch_op.drop_constraint('fk_review_decided_by', type_='foreignkey')
        for column in ('decision_note', 'decided_at', 'decided_by_id', 'proposal_state', 'public_evaluation'):
            batch_op.drop_column(column)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('language')


def upgrade():
    op.create_table(
        'booking_feed',
        sa.Column('id', sa.Integer(), nullable=False),
        _user('user_id', False, 'CASCADE'),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
        sa.UniqueConstraint('user_id'),
    )
    _bookings_up()
    _four_eyes_up()
    for table, columns in INDEXES:
        op.create_index(_index_name(table, columns), table, columns)
    op.drop_index('ix_organization_lon', table_name='organization')
    op.create_index(*BOUNDING_BOX)


def downgrade():
    op.drop_index(BOUNDING_BOX[0], table_name='organization')
    op.create_index('ix_organization_lon', 'organization', ['lon'])
    for table, columns in INDEXES:
        if table not in ('affiliation', 'notice'):
            op.drop_index(_index_name(table, columns), table_name=table)
    _four_eyes_down()
    _bookings_down()
    op.drop_table('booking_feed')
