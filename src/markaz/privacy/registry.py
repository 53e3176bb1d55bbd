"""The one list of what Markaz holds about a person, app by app.

Each `Part` names the foreign keys (to a user or a person) it accounts for, how to export
them, and what erasure does: either an `erase` function, or `kept` — why the rows stay as
they are (they are the center's records, ledgers or aggregates; the person's login and person
record they point to are anonymized instead). `EXCLUDED` lists foreign keys that are in no
export, with the reason. `tests/test_registry.py` walks the app registry and fails when a
model pointing at a user or a person is in neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from markaz.privacy import parts as p


@dataclass(frozen=True)
class Part:
    key: str
    label: Any
    covers: tuple[str, ...]  # "app_label.Model.field"
    collect: Callable[[p.Subject], Any]
    erase: Callable[[p.Subject], int] | None = None
    kept: str = ""


PARTS: tuple[Part, ...] = (
    Part("profile", _("Account"), (), p.collect_profile, p.erase_profile),
    Part("person", _("Person record"), ("stakeholders.Person.user",), p.collect_person,
         p.erase_person),
    Part("memberships", _("Memberships"), ("core.Membership.user", "core.NetworkRole.user"),
         p.collect_memberships, p.erase_memberships),
    Part("affiliations", _("Affiliations"), ("stakeholders.Affiliation.person",),
         p.collect_affiliations, p.erase_affiliations),
    Part("ventures", _("Ventures you are on"), ("ventures.TeamMember.person",),
         p.collect_ventures,
         kept="The team row says who worked on the venture; it points at the anonymized person."),
    Part("applications", _("Applications"), ("programs.Application.applicant",),
         p.collect_applications, p.erase_applications),
    Part("reviews", _("Reviews you wrote"),
         ("review.Assignment.reviewer", "review.PoolMember.reviewer", "review.Conflict.reviewer"),
         p.collect_reviews,
         kept="Scores and comments are the program's evaluation record and feed its rankings."),
    Part("mentoring", _("Mentoring"),
         ("mentoring.MentorProfile.user", "mentoring.MentorProfile.person",
          "mentoring.SessionNote.author", "mentoring.Feedback.author"),
         p.collect_mentoring, p.erase_mentoring),
    Part("events", _("Event registrations"),
         ("events.Registration.user", "events.Registration.person", "events.CalendarFeed.user"),
         p.collect_events, p.erase_events),
    Part("bookings", _("Bookings and service requests"),
         ("resources.Booking.booked_by", "resources.ServiceRequest.requested_by"),
         p.collect_bookings, p.erase_bookings),
    Part("networking", _("Directory profile and introductions"),
         ("networking.NetworkingProfile.person", "networking.Introduction.requester",
          "networking.Introduction.target", "networking.Introduction.declined_by"),
         p.collect_networking, p.erase_networking),
    Part("knowledge", _("Knowledge entries and feedback"),
         ("knowledge.Entry.authors", "knowledge.Feedback.user"), p.collect_knowledge,
         kept="Published knowledge is the center's; authorship shows the anonymized person. "
              "A 'was this useful' vote is a yes/no that feeds the entry's counts."),
    Part("challenge_comments", _("Challenge comments"), ("challenges.Comment.author",),
         p.collect_challenge_comments, p.erase_challenge_comments),
    Part("communities", _("Communities of practice"),
         ("network.CommunityMember.user", "network.Community.members", "network.Thread.author",
          "network.Reply.author"),
         p.collect_communities, p.erase_communities),
    Part("consents", _("Consent records"),
         ("privacy.Consent.person", "privacy.Consent.given_by", "privacy.Consent.withdrawn_by"),
         p.collect_consents, p.erase_consents),
    Part("erasure_requests", _("Erasure requests"), ("privacy.ErasureRequest.user",),
         p.collect_erasure_requests,
         kept="The request is the record that the erasure was asked for and done."),
    Part("api_tokens", _("API tokens (never the secrets)"), ("core.ApiToken.user",),
         p.collect_tokens, p.erase_tokens),
    Part("security", _("Two-factor sign-in (never the secrets)"),
         ("accounts.TwoFactor.user", "accounts.RecoveryCode.user"),
         p.collect_security, p.erase_security),
    Part("audit", _("Audit entries where you are the actor"), ("core.AuditEntry.actor",),
         p.collect_audit,
         kept="The audit log is append-only and hash-chained: entries are never rewritten."),
    Part("admin_log", _("Operator admin actions"), ("admin.LogEntry.user",), p.collect_admin_log,
         kept="Django admin's own history of operator actions."),
    Part("work", _("Records you made for a center"), p.WORK_FIELDS, p.collect_work,
         kept="Who created, decided or posted a center's record; the rows are the center's "
              "(ledgers, decisions, reports) and point at the anonymized login."),
)  # fmt: skip

# Foreign keys to a user or person that no part exports, and why.
# None today; an entry looks like {"app.Model.field": "why it is not personal data"}.
EXCLUDED: dict[str, str] = {}


def covered() -> dict[str, str]:
    """ "app.Model.field" -> the part key (or "excluded") accounting for it."""
    found = {spec: part.key for part in PARTS for spec in part.covers}
    found.update(dict.fromkeys(EXCLUDED, "excluded"))
    return found
