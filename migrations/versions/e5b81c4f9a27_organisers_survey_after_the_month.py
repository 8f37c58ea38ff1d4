"""Organisers survey after the Month: invitations (one invitation, one reminder) and one answer per
organisation and edition, with the audiences reached

Revision ID: e5b81c4f9a27
Revises: 33b99c6173b4
Create Date: 2026-12-03 07:08:35.495924

"""

import sqlalchemy as sa
from alembic import op

revision = "e5b81c4f9a27"
down_revision = "33b99c6173b4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.String(length=20), nullable=False),
        sa.Column("partners", sa.Integer(), nullable=False),
        sa.Column("partner_names", sa.Text(), nullable=False),
        sa.Column("press", sa.Boolean(), nullable=False),
        sa.Column("press_media", sa.Text(), nullable=False),
        sa.Column("again", sa.String(length=12), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("again IN ('oui', 'non', 'peut-etre')", name=op.f("ck_survey_answer_again")),
        sa.CheckConstraint(
            "satisfaction IN ('tres-satisfait', 'satisfait', 'peu-satisfait', 'pas-satisfait')",
            name=op.f("ck_survey_answer_satisfaction"),
        ),
        sa.CheckConstraint("partners >= 0", name=op.f("ck_survey_answer_partners")),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_survey_answer_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_survey_answer_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
        sa.UniqueConstraint("edition_id", "organisation_id", name="uq_survey_answer"),
    )
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_answer_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "survey_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_survey_invitation_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_survey_invitation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitation")),
        sa.UniqueConstraint("edition_id", "organisation_id", name="uq_survey_invitation"),
    )
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_invitation_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "survey_answer_audience",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["survey_answer.id"],
            name=op.f("fk_survey_answer_audience_answer_id_survey_answer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", "code", name=op.f("pk_survey_answer_audience")),
    )


def downgrade():
    op.drop_table("survey_answer_audience")
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_invitation_organisation_id"))

    op.drop_table("survey_invitation")
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_answer_organisation_id"))

    op.drop_table("survey_answer")
