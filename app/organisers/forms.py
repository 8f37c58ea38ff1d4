"""Forms of the organisers' space (French labels and messages)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation, ValidationError

from app.common.fields import MultiCheckboxField
from app.common.numbers import number_fr
from app.common.validators import strip as _strip
from app.organisers.services.events import MAX_ATTENDANCE, EventInput
from app.organisers.services.survey import SurveyInput
from app.reference import catalog
from app.web.filters import date_fr
from app.web.forms import select_choices

MAX_DURATION = timedelta(days=31)


def _required():
    return DataRequired(message=_l("Ce champ est obligatoire."))


def _max(n: int):
    return Length(max=n, message=_l("Ce texte est trop long (%(n)s caractères au plus).", n=number_fr(n)))


def _date_required(_form, field):
    if field.errors:  # malformed: the parsing message says why
        raise StopValidation()
    if field.data is None:
        raise StopValidation(_l("Ce champ est obligatoire."))


_date_required.field_flags = {"required": True}


def _web_address(_form, field):
    if field.data:
        parts = urlsplit(field.data)
        if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
            raise ValidationError(_l("Saisissez une adresse web complète, par exemple https://exemple.fr."))


def _choices(items):
    return select_choices((c.code, c.label) for c in items)


class LocalDateTimeField(DateTimeLocalField):
    """Date and time in the region's local time; accepts the browser's format and jj/mm/aaaa hh:mm."""

    FORMATS = (
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %Hh%M",
        "%d/%m/%Y %H h %M",
    )

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=list(self.FORMATS), **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(valuelist).strip()
        self.data = None
        if not text:
            return
        for fmt in self.FORMATS:
            try:
                self.data = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if self.data is None:
            raise ValueError(_l("Date et heure invalides : saisissez par exemple 14/11/2026 14:30."))
        if not 2000 <= self.data.year <= 2100:
            self.data = None
            raise ValueError(_l("Cette date n'est pas plausible : vérifiez l'année."))


class FrenchIntegerField(IntegerField):
    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "").replace("\u202f", "")
        self.data = None
        if not text:
            return
        if not text.isdigit() or len(text) > 9:
            raise ValueError(_l("Saisissez un nombre entier, par exemple 45."))
        self.data = int(text)


class OrganisationForm(FlaskForm):
    name = StringField(_l("Nom de l'organisation"), filters=[_strip], validators=[_required(), _max(200)])
    family = SelectField(_l("Famille / statut"), choices=_choices(catalog.FAMILIES), validators=[_required()])
    sector = SelectField(
        _l("Secteur d'activité"), choices=_choices(catalog.SECTORS), validators=[_required()]
    )
    employees = SelectField(
        _l("Nombre de salariés"), choices=_choices(catalog.EMPLOYEE_BRACKETS), validators=[_required()]
    )
    region_id = SelectField(_l("Région"), coerce=int, validators=[_required()])
    address = StringField(_l("Adresse"), filters=[_strip], validators=[_max(255)])
    postcode = StringField(_l("Code postal"), filters=[_strip], validators=[_max(10)])
    commune = StringField(_l("Commune"), filters=[_strip], validators=[_max(120)])
    website = StringField(
        _l("Site web"),
        filters=[_strip],
        validators=[_max(255), _web_address],
        description=_l("Par exemple https://mon-association.fr"),
    )
    contact_name = StringField(_l("Personne à contacter"), filters=[_strip], validators=[_max(120)])
    contact_email = EmailField(
        _l("E-mail de contact"),
        filters=[_strip],
        validators=[
            Optional(),
            Email(message=_l("Saisissez une adresse e-mail valide."), check_deliverability=False),
            _max(255),
        ],
    )
    contact_phone = StringField(_l("Téléphone"), filters=[_strip], validators=[_max(30)])
    description = TextAreaField(_l("Présentation"), filters=[_strip], validators=[_max(5000)])

    def values(self) -> dict:
        return {name: f.data for name, f in self._fields.items() if name != "csrf_token"}


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Adresse e-mail de la personne à ajouter"),
        filters=[_strip],
        validators=[
            _required(),
            Email(
                message=_l("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
                check_deliverability=False,
            ),
            _max(255),
        ],
    )


def _date_checks(starts, ends) -> tuple:
    """(failed, field, message) of the start and end of an event (the event and postponement forms)."""
    both = starts.data and ends.data
    return (
        (both and ends.data < starts.data, ends, _l("La fin doit être après le début.")),
        (both and ends.data - starts.data > MAX_DURATION, ends, _l("Un événement dure 31 jours au plus.")),
    )


def _run_checks(checks) -> bool:
    ok = True
    for failed, field, message in checks:
        if failed and message not in field.errors:
            field.errors.append(message)
            ok = False
    return ok


class EventForm(FlaskForm):
    creation_token = HiddenField(validators=[_max(64)])
    organiser_id = SelectField(_l("Organisation qui organise"), coerce=int)
    title = StringField(_l("Titre"), filters=[_strip], validators=[_required(), _max(200)])
    summary = TextAreaField(
        _l("Résumé"),
        filters=[_strip],
        validators=[_max(300)],
        description=_l("Une ou deux phrases, 300 caractères au plus."),
    )
    description = TextAreaField(_l("Description"), filters=[_strip], validators=[_required(), _max(10000)])
    theme_id = SelectField(_l("Thématique principale"), coerce=int, validators=[_required()])
    second_theme_id = SelectField(
        _l("Seconde thématique (facultative)"),
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
    )
    kind = SelectField(
        _l("Type d'événement"), choices=_choices(catalog.EVENT_KINDS), validators=[_required()]
    )
    audiences = MultiCheckboxField(
        _l("Publics visés"),
        choices=_choices(catalog.AUDIENCES),
        validators=[DataRequired(message=_l("Cochez au moins un public."))],
    )
    scale = SelectField(_l("Envergure"), choices=_choices(catalog.SCALES), default="locale")
    partner_week = SelectField(
        _l("Semaine partenaire"),
        choices=select_choices([("", _l("Aucune"))]) + _choices(catalog.PARTNER_WEEKS),
    )
    starts_at = LocalDateTimeField(
        _l("Début"), validators=[_date_required], description=_l("Heure locale de la région de l'événement.")
    )
    ends_at = LocalDateTimeField(_l("Fin"), validators=[_date_required])
    in_person = BooleanField(_l("En présentiel"), default=True)
    online = BooleanField(_l("En ligne"))
    online_url = StringField(_l("Lien de connexion"), filters=[_strip], validators=[_max(255), _web_address])
    venue = StringField(
        _l("Lieu"),
        filters=[_strip],
        validators=[_max(200)],
        description=_l("Par exemple : Maison des associations, salle 2."),
    )
    address = StringField(_l("Adresse"), filters=[_strip], validators=[_max(255)])
    postcode = StringField(_l("Code postal"), filters=[_strip], validators=[_max(10)])
    commune = StringField(
        _l("Commune"),
        filters=[_strip],
        validators=[_max(120)],
        description=_l("Tapez le code postal ou le nom, puis choisissez la commune."),
    )
    insee = HiddenField(filters=[_strip], validators=[_max(5)])
    latitude = HiddenField()
    longitude = HiddenField()
    free = RadioField(
        _l("Tarif"), choices=select_choices([("1", _l("Gratuit")), ("0", _l("Payant"))]), default="1"
    )
    price_info = StringField(_l("Tarifs"), filters=[_strip], validators=[_max(200)])
    registration_required = BooleanField(_l("Inscription obligatoire"))
    registration_url = StringField(
        _l("Lien d'inscription"), filters=[_strip], validators=[_max(255), _web_address]
    )
    accessibility = MultiCheckboxField(_l("Accessibilité"), choices=_choices(catalog.ACCESSIBILITY))
    accessibility_info = StringField(
        _l("Précisions sur l'accessibilité"), filters=[_strip], validators=[_max(300)]
    )
    contact_name = StringField(_l("Nom du contact"), filters=[_strip], validators=[_max(120)])
    contact_email = EmailField(
        _l("E-mail du contact"),
        filters=[_strip],
        validators=[
            Optional(),
            Email(message=_l("Saisissez une adresse e-mail valide."), check_deliverability=False),
            _max(255),
        ],
    )
    contact_phone = StringField(_l("Téléphone du contact"), filters=[_strip], validators=[_max(30)])
    coorganisers = MultiCheckboxField(_l("Co-organisateurs inscrits sur le site"), coerce=int)
    coorganiser_add = StringField(
        _l("Ajouter un co-organisateur inscrit (nom)"), filters=[_strip], validators=[_max(200)]
    )
    other_coorganisers = StringField(
        _l("Autres co-organisateurs"),
        filters=[_strip],
        validators=[_max(300)],
        description=_l("Noms séparés par des virgules."),
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        checks = (
            *_date_checks(self.starts_at, self.ends_at),
            (
                self.second_theme_id.data is not None and self.second_theme_id.data == self.theme_id.data,
                self.second_theme_id,
                _l("Choisissez une seconde thématique différente de la principale."),
            ),
            (
                not self.in_person.data and not self.online.data,
                self.in_person,
                _l("Indiquez si l'événement a lieu en présentiel, en ligne, ou les deux."),
            ),
            (
                self.in_person.data and not self.commune.data and not self.postcode.data,
                self.commune,
                _l("Indiquez la commune et son code postal."),
            ),
            (
                self.online.data and not self.online_url.data,
                self.online_url,
                _l("Indiquez le lien de connexion de l'événement en ligne."),
            ),
            (
                self.registration_required.data and not self.registration_url.data,
                self.registration_url,
                _l("Indiquez le lien d'inscription."),
            ),
            (
                self.free.data == "0" and not self.price_info.data,
                self.price_info,
                _l("Indiquez les tarifs de l'événement payant."),
            ),
        )
        return _run_checks(checks) and ok

    def to_input(self) -> EventInput:
        fields = {
            name: self[name].data or ""
            for name in (
                "title",
                "summary",
                "description",
                "kind",
                "scale",
                "online_url",
                "price_info",
                "registration_url",
                "accessibility_info",
                "venue",
                "address",
                "contact_name",
                "contact_email",
                "contact_phone",
                "other_coorganisers",
            )
        }
        fields.update(
            theme_id=self.theme_id.data,
            second_theme_id=self.second_theme_id.data,
            in_person=bool(self.in_person.data),
            online=bool(self.online.data),
            registration_required=bool(self.registration_required.data),
        )
        fields["partner_week"] = self.partner_week.data or None
        fields["free"] = self.free.data != "0"
        for code in catalog.codes(catalog.ACCESSIBILITY):
            fields[f"access_{code}"] = code in (self.accessibility.data or [])
        return EventInput(
            fields=fields,
            audiences=list(self.audiences.data),
            starts_local=self.starts_at.data,
            ends_local=self.ends_at.data,
            postcode=self.postcode.data or "",
            commune=self.commune.data or "",
            insee=self.insee.data or "",
            latitude=_float(self.latitude.data),
            longitude=_float(self.longitude.data),
            coorganiser_ids=list(self.coorganisers.data or []),
        )


def _float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


class ImageForm(FlaskForm):
    image = FileField(_l("Image (JPEG, PNG ou WebP, 5 Mo au plus)"))
    credit = StringField(
        _l("Crédit photo"),
        filters=[_strip],
        validators=[_max(200)],
        description=_l("Par exemple : © Photo Jeanne Martin."),
    )


def _attendance_range(_form, field):
    if field.errors:  # not a number: the parsing message is enough
        raise StopValidation()
    if field.data is None:
        raise StopValidation(_l("Indiquez le nombre de participants."))
    if not 0 <= field.data <= MAX_ATTENDANCE:
        raise ValidationError(_l("Indiquez un nombre entre 0 et %(max)d.", max=MAX_ATTENDANCE))


_attendance_range.field_flags = {"required": True}


class AttendanceForm(FlaskForm):
    attendance = FrenchIntegerField(
        _l("Nombre de participants"),
        validators=[_attendance_range],
        description=_l("Nombre de personnes venues (0 si personne)."),
    )


class CancelForm(FlaskForm):
    message = TextAreaField(
        _l("Message pour la CRESS et le public (facultatif)"), filters=[_strip], validators=[_max(1000)]
    )


# --- The organisers' survey after the Month (services/survey.py) -----------------------------


def _answered(_form, _field):
    """Marks a required choice (the check itself is in pre_validate)."""


_answered.field_flags = {"required": True}


class FrenchRadioField(RadioField):
    """Radio buttons whose missing or unknown answer gets a French message (drawn as radios
    by macros/forms.html, which knows them by their type)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, [_answered, *(validators or [])], **kwargs)
        self.type = "RadioField"

    def pre_validate(self, form):
        if self.data in (None, "", "None"):
            raise StopValidation(_l("Choisissez une réponse."))
        if self.data not in {str(choice.value) for choice in self.choices}:
            raise StopValidation(_l("Choisissez une réponse de la liste."))


class AudiencesField(MultiCheckboxField):
    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.type = "MultiCheckboxField"

    def pre_validate(self, form):
        known = {str(choice.value) for choice in self.choices}
        if any(value not in known for value in self.data or ()):
            raise StopValidation(_l("Choisissez des publics de la liste."))


MAX_PARTNERS = 999


def _partners_range(_form, field):
    if field.errors:  # not a number: the parsing message is enough
        raise StopValidation()
    if field.data is None:
        raise StopValidation(_l("Indiquez un nombre (0 si aucun)."))
    if not 0 <= field.data <= MAX_PARTNERS:
        raise ValidationError(_l("Indiquez un nombre entre 0 et %(max)d.", max=MAX_PARTNERS))


_partners_range.field_flags = {"required": True}


def _optional_attendance(_form, field):
    if field.errors or field.data is None:
        raise StopValidation()
    if not 0 <= field.data <= MAX_ATTENDANCE:
        raise ValidationError(_l("Indiquez un nombre entre 0 et %(max)d.", max=MAX_ATTENDANCE))


class SurveyForm(FlaskForm):
    satisfaction = FrenchRadioField(
        _l("Êtes-vous satisfait de votre participation au Mois de l'ESS ?"),
        choices=_choices(catalog.SURVEY_SATISFACTION),
    )
    audiences = AudiencesField(
        _l("Quels publics avez-vous touchés ?"),
        choices=_choices(catalog.AUDIENCES),
        validators=[DataRequired(message=_l("Cochez au moins un public."))],
    )
    partners = FrenchIntegerField(
        _l("Combien de partenaires (associations, entreprises, collectivités…) avez-vous associés ?"),
        validators=[_partners_range],
        description=_l("0 si vous avez organisé seuls."),
    )
    partner_names = TextAreaField(
        _l("Lesquels ? (facultatif)"), filters=[_strip], validators=[Optional(), _max(1000)]
    )
    press = FrenchRadioField(
        _l("Vos événements ont-ils été annoncés ou relayés par la presse ou d'autres médias ?"),
        choices=select_choices([("oui", _l("Oui")), ("non", _l("Non"))]),
    )
    press_media = TextAreaField(
        _l("Quels médias ?"),
        filters=[_strip],
        validators=[_max(1000)],
        description=_l("Par exemple : Ouest-France, France Bleu, le bulletin de la commune."),
    )
    again = FrenchRadioField(
        _l("Participerez-vous au prochain Mois de l'ESS ?"), choices=_choices(catalog.SURVEY_AGAIN)
    )
    comment = TextAreaField(
        _l("Un commentaire, une suggestion ? (facultatif)"), filters=[_strip], validators=[_max(3000)]
    )

    def validate_press_media(self, field):
        if self.press.data == "oui" and not field.data:
            raise ValidationError(
                _l("Indiquez au moins un média, ou répondez « Non » à la question précédente.")
            )

    def attendance_fields(self):
        """(event, field) for each event whose attendance the form asks."""
        return [(event, self[f"attendance_{event.id}"]) for event in self.events]

    def to_input(self) -> SurveyInput:
        return SurveyInput(
            satisfaction=self.satisfaction.data,
            audiences=list(self.audiences.data),
            partners=self.partners.data,
            partner_names=self.partner_names.data or "",
            press=self.press.data == "oui",
            press_media=(self.press_media.data or "") if self.press.data == "oui" else "",
            again=self.again.data,
            comment=self.comment.data or "",
            attendance={e.id: f.data for e, f in self.attendance_fields() if f.data is not None},
        )


def survey_form(events, answer=None, **kwargs) -> SurveyForm:
    """The survey form with one attendance field per event (prefilled from the event), and
    the answer's values when there is one."""

    class Form(SurveyForm):
        pass

    for event in events:
        setattr(
            Form,
            f"attendance_{event.id}",
            FrenchIntegerField(
                _l("Participants à « %(title)s »", title=event.title),
                validators=[_optional_attendance],
                default=event.attendance,
                description=date_fr(event.starts_at, "EEEE d MMMM y"),
            ),
        )
    data = {}
    if answer is not None:
        data = {
            name: getattr(answer, name) for name in ("satisfaction", "partners", "partner_names", "again")
        }
        data.update(
            audiences=answer.audiences,
            press="oui" if answer.press else "non",
            press_media=answer.press_media,
            comment=answer.comment,
        )
    form = Form(data=data, **kwargs)
    form.events = list(events)
    return form


class PostponeForm(FlaskForm):
    starts_at = LocalDateTimeField(
        _l("Nouveau début"),
        validators=[_date_required],
        description=_l("Heure locale de la région de l'événement."),
    )
    ends_at = LocalDateTimeField(_l("Nouvelle fin"), validators=[_date_required])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return _run_checks(_date_checks(self.starts_at, self.ends_at)) and ok
