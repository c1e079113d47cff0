"""content resources: reading lists, webinar plans, lesson kinds, tools; quiz option orders

Revision ID: 0012_content_resources
Revises: 0011_user_sessions
Create Date: 2026-11-24 09:00:00
"""
import json

from alembic import op
import sqlalchemy as sa

revision = '0012_content_resources'
down_revision = '0011_user_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lessons') as batch_op:
        # A lesson that presents a real institution or system says so (courses/README.md).
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='lesson', nullable=False))
    with op.batch_alter_table('modules') as batch_op:
        batch_op.add_column(sa.Column('webinar_plan', sa.JSON(), nullable=True))
    op.create_table('reading_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('note', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_reading_items_module_id_modules'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reading_items')),
    sa.UniqueConstraint('module_id', 'slug', name=op.f('uq_reading_items_module_id'))
    )
    op.create_index(op.f('ix_reading_items_module_id'), 'reading_items', ['module_id'])
    op.create_table('tools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_tools_module_id_modules'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_tools_programme_id_programmes'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tools')),
    sa.UniqueConstraint('programme_id', 'slug', name=op.f('uq_tools_programme_id'))
    )
    op.create_index(op.f('ix_tools_module_id'), 'tools', ['module_id'])
    op.create_index(op.f('ix_tools_programme_id'), 'tools', ['programme_id'])

    # Attempts made before options were shuffled were shown in file order: record that order,
    # from the questions each attempt kept, so that every attempt has the order it was shown in.
    with op.batch_alter_table('quiz_attempts') as batch_op:
        batch_op.add_column(sa.Column('option_order', sa.JSON(), nullable=True))
    attempts = sa.table('quiz_attempts', sa.column('id', sa.Integer()), sa.column('questions', sa.JSON()),
                        sa.column('option_order', sa.JSON()))
    connection = op.get_bind()
    for attempt_id, questions in connection.execute(sa.select(attempts.c.id, attempts.c.questions)).all():
        if isinstance(questions, str):  # a driver that hands JSON back as text
            questions = json.loads(questions)
        order = {q["id"]: [o["id"] for o in q.get("options", [])] for q in questions or []
                 if q.get("type") in ("single", "multiple")}
        connection.execute(attempts.update().where(attempts.c.id == attempt_id).values(option_order=order))
    with op.batch_alter_table('quiz_attempts') as batch_op:
        batch_op.alter_column('option_order', existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempts') as batch_op:
        batch_op.drop_column('option_order')
    op.drop_index(op.f('ix_tools_programme_id'), table_name='tools')
    op.drop_index(op.f('ix_tools_module_id'), table_name='tools')
    op.drop_table('tools')
    op.drop_index(op.f('ix_reading_items_module_id'), table_name='reading_items')
    op.drop_table('reading_items')
    with op.batch_alter_table('modules') as batch_op:
        batch_op.drop_column('webinar_plan')
    with op.batch_alter_table('lessons') as batch_op:
        batch_op.drop_column('kind')
