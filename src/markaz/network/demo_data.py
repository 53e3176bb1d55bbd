"""The demo's centers network: partnerships between centers, referrals in several states and two
practice communities with discussions. Idempotent: a second run creates nothing."""

from __future__ import annotations

import datetime as dt

PARTNERSHIPS = [
    # (proposer, partner, kind, status, title_en, title_ar, starts)
    ("amal-hub", "nile-innovation-house", "exchange", "active",
     "Founder exchange Amman–Cairo", "تبادل روّاد الأعمال بين عمّان والقاهرة", (2026, 2, 1)),
    ("atlas-social-lab", "amal-hub", "co_hosted", "proposed",
     "Co-hosted Arabic incubation track", "مسار احتضان مشترك باللغة العربية", (2026, 9, 1)),
    ("baobab-lab", "padma-changemakers", "knowledge", "active",
     "Climate adaptation toolkit exchange", "تبادل أدوات التكيّف مع المناخ", (2025, 11, 1)),
    ("amal-hub", "baobab-lab", "referral", "active",
     "Referral agreement for water ventures", "اتفاقية إحالة لمشاريع المياه", (2026, 1, 15)),
]  # fmt: skip

REFERRALS = [
    # (from, to, state, note)
    ("amal-hub", "baobab-lab", "accepted",
     "A water-kiosk venture ready to test its model in East Africa; strong pilot data."),
    ("amal-hub", "nile-innovation-house", "awaiting_consent",
     "A food-waste venture that would benefit from Cairo's market access programme."),
    ("baobab-lab", "amal-hub", "sent",
     "A refugee-led education venture looking for an Arabic-language accelerator."),
]  # fmt: skip
PATH = {
    "drafted": ["drafted"],
    "awaiting_consent": ["drafted", "awaiting_consent"],
    "sent": ["drafted", "awaiting_consent", "sent"],
    "accepted": ["drafted", "awaiting_consent", "sent", "accepted"],
}

COMMUNITIES = [
    ("markaz-global", "Impact measurement practitioners", "ممارسو قياس الأثر",
     "Center staff who design indicators, run surveys and write impact reports compare methods.",
     "موظفو المراكز الذين يصممون المؤشرات ويجرون المسوح ويكتبون تقارير الأثر يتبادلون أساليبهم.",
     [("How do you count indirect beneficiaries?",
       "We double-count too often. **What rule do you use** when two ventures serve one family?",
       ["We count households, not people, and deduplicate by phone number.",
        "Same problem here; we now report direct beneficiaries only in funder reports."])]),
    ("mena-social-innovation", "Arabic-language incubation", "الاحتضان باللغة العربية",
     "Sharing curricula, case studies and mentors for programmes run in Arabic.",
     "تبادل المناهج ودراسات الحالة والمرشدين للبرامج التي تُدار باللغة العربية.",
     [("منهج الأسابيع الأولى", "ما الذي تدرّسونه في **الأسابيع الثلاثة الأولى** من البرنامج؟",
       ["نبدأ باكتشاف المشكلة ومقابلات المستفيدين قبل أي حديث عن نموذج العمل."])]),
]  # fmt: skip


def seed(center_slugs: list[str]) -> dict[str, int]:
    from markaz.core.models import Center

    centers = {c.slug: c for c in Center.objects.filter(slug__in=center_slugs)}
    return {
        "center partnerships": _partnerships(centers),
        "referrals": _referrals(centers),
        "practice communities": _communities(),
    }


def _users(*names: str) -> dict:
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _partnerships(centers: dict) -> int:
    from markaz.core import audit
    from markaz.network.models import Partnership

    users = _users("admin", "operator")
    created = 0
    for proposer, partner, kind, status, title_en, title_ar, starts in PARTNERSHIPS:
        if proposer not in centers or partner not in centers:
            continue
        if Partnership.objects.filter(title_en=title_en, proposer=centers[proposer]).exists():
            continue
        p = Partnership.objects.create(
            proposer=centers[proposer],
            partner=centers[partner],
            kind=kind,
            status=status,
            title_en=title_en,
            title_ar=title_ar,
            starts_on=dt.date(*starts),
            ends_on=dt.date(starts[0] + 1, starts[1], 1),
            proposed_by=users.get("admin"),
            accepted_by=users.get("operator") if status == "active" else None,
        )
        audit.record(action="network.partnership.proposed", center=p.proposer, obj=p)
        created += 1
    return created


def _referrals(centers: dict) -> int:
    from markaz.core import audit
    from markaz.network.models import Referral, ReferralEvent
    from markaz.programs.models import Program
    from markaz.ventures.models import Venture

    created = 0
    for source, target, state, note in REFERRALS:
        if source not in centers or target not in centers:
            continue
        if Referral.objects.filter(note=note).exists():
            continue
        venture = Venture.objects.filter(center=centers[source]).order_by("pk").first()
        program = Program.objects.filter(center=centers[target]).order_by("pk").first()
        if program is None:
            # The demo seeds programs for one center only: give the receiving one a track.
            program = Program.objects.create(
                center=centers[target],
                kind="accelerator",
                title_en="Partner referral track",
                title_ar="مسار الإحالات من المراكز الشريكة",
                description_en="Places for ventures referred by partner centers of the network.",
                description_ar="مقاعد للمشاريع المُحالة من المراكز الشريكة في الشبكة.",
            )
        if venture is None:
            continue
        consented = state in ("sent", "accepted")
        r = Referral.objects.create(
            from_center=centers[source],
            to_center=centers[target],
            venture=venture,
            program=program,
            note=note,
            state=state,
            consented_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC) if consented else None,
        )
        ReferralEvent.objects.bulk_create(
            ReferralEvent(referral=r, state=step) for step in PATH[state]
        )
        audit.record(action=f"network.referral.{state}", center=r.from_center, obj=r)
        created += 1
    return created


def _communities() -> int:
    from django.contrib.auth import get_user_model

    from markaz.core.models import Network
    from markaz.network.models import Community, CommunityMember, Reply, Thread

    users = list(
        get_user_model()
        .objects.filter(username__in=["staff", "admin", "staff.nairobi", "mentor"])
        .order_by("username")
    )
    networks = {n.slug: n for n in Network.objects.all()}
    created = 0
    for slug, name_en, name_ar, desc_en, desc_ar, threads in COMMUNITIES:
        network = networks.get(slug)
        if network is None or Community.objects.filter(network=network, name_en=name_en).exists():
            continue
        community = Community.objects.create(
            network=network,
            name_en=name_en,
            name_ar=name_ar,
            description_en=desc_en,
            description_ar=desc_ar,
            created_by=users[0] if users else None,
        )
        CommunityMember.objects.bulk_create(
            CommunityMember(community=community, user=u) for u in users
        )
        for i, (title, body, replies) in enumerate(threads):
            author = users[i % len(users)] if users else None
            thread = Thread.objects.create(
                community=community, title=title, body=body, author=author
            )
            Reply.objects.bulk_create(
                Reply(
                    thread=thread, body=text, author=users[(j + 1) % len(users)] if users else None
                )
                for j, text in enumerate(replies)
            )
        created += 1
    return created
