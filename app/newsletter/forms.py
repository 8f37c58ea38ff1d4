"""Newsletter forms: subscription (footer and /newsletter/), issues written by the national
team and the CRESS."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import ValidationError

from app.common.fields import FrenchSelectField
from app.common.validators import email, max_length, required, strip
from app.organisers.forms import MultiCheckboxField
from app.reference.geography import REGIONS
from app.web.forms import select_choices


def region_choices() -> list[tuple[str, str]]:
    return [("", _l("Toute la France"))] + sorted(((r.slug, r.name) for r in REGIONS), key=lambda c: c[1])


class SubscribeForm(FlaskForm):
    email = EmailField(
        _l("Votre adresse e-mail"), filters=[strip], validators=[required, email, max_length(255)]
    )
    region = FrenchSelectField(
        _l("Votre région (facultatif)"),
        default="",
        description=_l("Votre CRESS pourra vous écrire sur les événements de votre région."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = select_choices(region_choices())


# --- issues written by the national team and the CRESS ---------------------------------------


class RegionsField(MultiCheckboxField):
    """Regions by slug; an unknown one gets a French message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "MultiCheckboxField"  # rendered as a fieldset of checkboxes (macros/forms.html)

    def pre_validate(self, form) -> None:
        known = {str(choice.value) for choice in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Choisissez des régions de la liste."))


class IssueForm(FlaskForm):
    subject = StringField(
        _l("Objet de la lettre"),
        filters=[strip],
        validators=[required, max_length(200)],
        description=_l("Le titre de la lettre, et l'objet du message reçu par les abonnés."),
    )
    body = TextAreaField(
        _l("Texte (Markdown)"),
        filters=[strip],
        validators=[required, max_length(50000)],
        description=_l(
            "Syntaxe Markdown : ## Intertitre, **gras**, *italique*, [lien](https://…), listes avec « - ». "
            "Écrivez les liens en entier (https://…). Le HTML dangereux (scripts…) est retiré."
        ),
    )
    with_new_events = BooleanField(
        _l("Ajouter le bloc « Nouveaux événements cette semaine »"),
        description=_l(
            "Calculé au moment de l'envoi : les événements publiés dans les 7 derniers jours, "
            "avec leur date, leur lieu et un lien."
        ),
    )
    regions = RegionsField(
        _l("Régions destinataires"),
        description=_l("Aucune région cochée : la lettre part à tous les abonnés."),
    )

    def __init__(self, *args, national: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions.choices = select_choices(sorted(((r.slug, r.name) for r in REGIONS), key=lambda c: c[1]))
        if not national:
            del self.regions


def issue_data(issue) -> dict:
    return {
        "subject": issue.subject,
        "body": issue.body,
        "with_new_events": issue.with_new_events,
        "regions": [r.slug for r in issue.target_regions],
    }


def issue_values(form: IssueForm) -> dict:
    """The form's values as issues.save takes them."""
    return {
        "subject": form.subject.data,
        "body": form.body.data,
        "with_new_events": bool(form.with_new_events.data),
        "target_region_slugs": list(form.regions.data or []) if "regions" in form else [],
    }
