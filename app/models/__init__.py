"""SQLAlchemy models, one module per aggregate."""

from app.models.account import AccountSession, DepartementDelegate, Membership, User
from app.models.alert import AlertDigest, SearchAlert
from app.models.candidacy import (
    Candidacy,
    CandidacyAttachment,
    CandidacyEvent,
    ConflictOfInterest,
    Criterion,
    JuryAssignment,
    JuryScore,
    LateSubmissionCode,
    PrizePublication,
)
from app.models.content import NewsletterSubscriber, Page, Partner
from app.models.edition import Edition
from app.models.event import Event, EventAudience, event_coorganisers
from app.models.lifecycle import EventRevision, ModerationDigest, RegionModerationSettings
from app.models.link import OneTimeLink
from app.models.mail import OutgoingMail
from app.models.moderation import EventDecision
from app.models.organisation import Organisation
from app.models.prize import Nominee
from app.models.reference import Departement, Region, RegionalPartner, Theme
from app.models.survey import SurveyAnswer, SurveyAnswerAudience, SurveyInvitation
from app.models.vote import PendingVote, UsedChallenge, Vote, VoteAudit

__all__ = [
    "AccountSession",
    "Candidacy",
    "CandidacyAttachment",
    "CandidacyEvent",
    "ConflictOfInterest",
    "Criterion",
    "JuryAssignment",
    "JuryScore",
    "LateSubmissionCode",
    "PrizePublication",
    "Departement",
    "DepartementDelegate",
    "Edition",
    "Event",
    "EventDecision",
    "Membership",
    "Nominee",
    "OutgoingMail",
    "NewsletterSubscriber",
    "OneTimeLink",
    "Page",
    "Partner",
    "User",
    "EventAudience",
    "Organisation",
    "Region",
    "RegionalPartner",
    "Theme",
    "event_coorganisers",
    "PendingVote",
    "UsedChallenge",
    "Vote",
    "VoteAudit",
    "AlertDigest",
    "SearchAlert",
    "SurveyAnswer",
    "SurveyAnswerAudience",
    "SurveyInvitation",
    "EventRevision",
    "ModerationDigest",
    "RegionModerationSettings",
]

from app.models.newsletter import NewsletterDelivery, NewsletterIssue  # noqa: E402

__all__ += ["NewsletterDelivery", "NewsletterIssue"]
