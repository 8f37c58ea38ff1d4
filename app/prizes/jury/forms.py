from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from app.prizes.candidacy.steps import CATEGORIES
from app.web.forms import select_choices


def score_form(criteria, data=None, formdata=None):
    """One integer field per criterion of the category's grid (0 to its maximum)."""

    class ScoreForm(FlaskForm):
        pass

    for crit in criteria:
        setattr(
            ScoreForm,
            f"c{crit.id}",
            IntegerField(
                f"{crit.label} (0 à {crit.max_score})",
                validators=[
                    InputRequired(message=_l("Indiquez une note.")),
                    NumberRange(
                        min=0,
                        max=crit.max_score,
                        message=_l("Indiquez une note entière de %(min)s à %(max)s."),
                    ),
                ],
            ),
        )
    kwargs = {"data": data or {}}
    if formdata is not None:
        kwargs["formdata"] = formdata
    return ScoreForm(**kwargs)


class ConflictForm(FlaskForm):
    reason = TextAreaField(
        _l("Nature du lien avec cette organisation"),
        validators=[
            DataRequired(message=_l("Précisez le lien en quelques mots.")),
            Length(max=1000, message=_l("1000 caractères au plus.")),
        ],
    )


class CriterionForm(FlaskForm):
    category = SelectField(_l("Prix"), choices=select_choices(CATEGORIES), id="criterion-category")
    label = StringField(
        _l("Critère"), validators=[DataRequired(message=_l("Nommez le critère.")), Length(max=200)]
    )
    weight = IntegerField(
        _l("Pondération"),
        default=1,
        validators=[
            InputRequired(message=_l("Indiquez une pondération.")),
            NumberRange(min=1, max=10, message=_l("Une pondération de 1 à 10.")),
        ],
    )
    max_score = IntegerField(
        _l("Note maximale"),
        default=10,
        validators=[
            InputRequired(message=_l("Indiquez la note maximale.")),
            NumberRange(min=1, max=100, message=_l("Une note maximale de 1 à 100.")),
        ],
    )


class AssignmentForm(FlaskForm):
    email = EmailField(
        _l("Adresse du juré"),
        validators=[
            DataRequired(message=_l("Saisissez l'adresse du juré.")),
            Email(message=_l("Adresse électronique non valide.")),
            Length(max=254),
        ],
    )
    category = SelectField(_l("Prix"), choices=select_choices(CATEGORIES), id="assignment-category")


class LaureateForm(FlaskForm):
    category = SelectField(_l("Prix"), choices=select_choices(CATEGORIES))
    text = TextAreaField(
        _l("Texte de présentation du lauréat"),
        validators=[DataRequired(message=_l("Rédigez la présentation.")), Length(max=3000)],
    )
    video_url = URLField(
        _l("Lien de la vidéo"),
        validators=[
            Optional(),
            Length(max=255, message=_l("255 caractères au plus.")),
            Regexp(
                r"^https?://[^\s/]+\.[^\s]+$", message=_l("Indiquez une adresse web complète (https://…).")
            ),
        ],
    )


class EmptyForm(FlaskForm):
    pass
