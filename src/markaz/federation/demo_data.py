"""The demo's federation: this deployment's identity and outbox, and one peer deployment
("Markaz Atlas") whose shared items are already mirrored here, so federation is visible in the
demo without any network traffic at seed time.

The peer's outbox is built in memory: activities signed with a fixed demo key (it signs nothing
but these demo items) and stored through the same checks a real pull uses
(`services.apply_activities`): signatures, sequences, tombstones. Idempotent: once the demo
peer exists, a second run creates nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

PEER_BASE = "https://atlas.markaz.example"  # a reserved example domain: never reachable
PEER_NAME = "Markaz Atlas (Casablanca)"
PEER_NETWORK = "mena-social-innovation"
ACTOR = f"{PEER_BASE}/federation/actor"

# (key, type, kind, title_en, title_ar, summary_en, summary_ar, networks, page path, extra)
ITEMS = [
    ("knowledge.entry/41", "Article", "knowledge",
     "Running a community water kiosk: lessons from Marrakesh",
     "إدارة كشك مياه مجتمعي: دروس من مراكش",
     "What two years of a venture-run water kiosk taught us about pricing, maintenance and "
     "trust with neighbours.",
     "ما تعلّمناه من عامين من تشغيل كشك مياه يديره مشروع: التسعير والصيانة وثقة الجيران.",
     None, "knowledge/41/", {}),
    ("knowledge.entry/57", "Article", "knowledge",
     "Pitch coaching in Arabic: a facilitator's guide",
     "التدريب على العرض باللغة العربية: دليل الميسّر",
     "Session plans and feedback forms our coaches use with first-time founders, shared with "
     "the MENA network.",
     "خطط الجلسات ونماذج الملاحظات التي يستخدمها مدربونا مع روّاد الأعمال لأول مرة، "
     "مشاركة مع شبكة المنطقة.",
     [PEER_NETWORK], "knowledge/57/", {}),
    ("programs.call/9", "Page", "call",
     "Atlas green ventures call 2026", "نداء أطلس للمشاريع الخضراء 2026",
     "Six months of incubation for ventures in water, waste and renewable energy.",
     "ستة أشهر من الاحتضان لمشاريع المياه والنفايات والطاقة المتجددة.",
     None, "calls/atlas-hub/green-2026/", {"days": (-10, 45)}),
    ("events.event/23", "Event", "event",
     "Casablanca demo day", "يوم العرض في الدار البيضاء",
     "Twelve ventures of the spring cohort present to funders and partners.",
     "اثنا عشر مشروعًا من دفعة الربيع تعرض أمام الممولين والشركاء.",
     None, "events/atlas-hub/23/", {"days": (30, 30), "venue": "Casablanca"}),
    ("ventures.venture/112", "Organization", "venture",
     "Argan Collective", "تعاونية الأركان",
     "", "", None, "portal/centers/atlas-hub/ventures/112/", {"stage": "growth"}),
    ("impact.center/3", "Note", "impact",
     "Impact figures: Atlas Hub", "أرقام الأثر: مركز أطلس",
     "Public ventures: 14 · Awards: 9 · People reached: 2310",
     "المشاريع المعلنة: 14 · المنح: 9 · الأشخاص الذين تم الوصول إليهم: 2310",
     None, "portal/centers/atlas-hub/",
     {"figures": {"ventures": 14, "awards": 9, "peopleReached": 2310,
                  "awardTotals": [{"currency": "MAD", "amount": "1250000.00"}]}}),
    ("impact.network/2", "Note", "impact",
     "Network impact: MENA Social Innovation Network",
     "أثر الشبكة: شبكة الابتكار الاجتماعي في الشرق الأوسط وشمال أفريقيا",
     "Verified impact of 2 centers: 2 figures by SDG goal.",
     "الأثر المُتحقَّق منه لـ 2 من المراكز: 2 من الأرقام حسب هدف التنمية المستدامة.",
     [PEER_NETWORK], f"portal/n/{PEER_NETWORK}/",
     {"sdg": [{"goal": 6, "kind": "count", "unit": "people", "currency": "",
               "aggregation": "sum", "value": "1840", "centers": 2, "ventures": 5},
              {"goal": 7, "kind": "count", "unit": "households", "currency": "",
               "aggregation": "sum", "value": "310", "centers": 1, "ventures": 3}]}),
    ("knowledge.entry/60", "Article", "knowledge",
     "Draft toolkit (withdrawn)", "مجموعة أدوات (سُحبت)", "", "", None, "knowledge/60/", {}),
]  # fmt: skip
UPDATED = "programs.call/9"  # a deadline extension: an Update after its Create
WITHDRAWN = "knowledge.entry/60"  # a Delete: the mirror becomes a tombstone, hidden


def _key():
    from nacl.signing import SigningKey

    # Deterministic, and only ever signs these demo items.
    return SigningKey(hashlib.sha256(b"markaz demo federation peer: atlas").digest())


def _object(item, today: dt.date) -> dict:
    key, as_type, kind, t_en, t_ar, s_en, s_ar, _networks, page, extra = item
    obj = {
        "id": f"{PEER_BASE}/federation/objects/{key}",
        "type": as_type,
        "markaz:kind": kind,
        "nameMap": {"en": t_en, "ar": t_ar},
        "url": [
            {"type": "Link", "href": f"{PEER_BASE}/{lang}/{page}", "hreflang": lang,
             "mediaType": "text/html"}
            for lang in ("ar", "en")
        ],
        "attributedTo": ACTOR,
        "markaz:center": "Atlas Hub",
    }  # fmt: skip
    if s_en or s_ar:
        obj["summaryMap"] = {"en": s_en, "ar": s_ar}
    if "days" in extra:
        start, end = (today + dt.timedelta(days=d) for d in extra["days"])
        obj["startTime"] = f"{start.isoformat()}T09:00:00Z"
        obj["endTime"] = f"{end.isoformat()}T17:00:00Z"
    if "venue" in extra:
        obj["location"] = {"type": "Place", "name": extra["venue"]}
    if "stage" in extra:
        obj["markaz:stage"] = extra["stage"]
    if "figures" in extra:
        obj.update({"markaz:scope": "center", "markaz:figures": extra["figures"]})
    if "sdg" in extra:
        obj.update({"markaz:scope": "network", "markaz:network": PEER_NETWORK,
                    "markaz:sdgFigures": extra["sdg"]})  # fmt: skip
    return obj


def demo_outbox(today: dt.date) -> list[dict]:
    """The demo peer's signed outbox: a Create per item, then one Update and one Delete."""
    from markaz.federation import signing

    key = _key()
    activities = []

    def add(verb: str, obj: dict, networks) -> None:
        seq = len(activities) + 1
        activities.append(
            signing.sign(
                {
                    "id": f"{PEER_BASE}/federation/activities/{seq}",
                    "type": verb,
                    "actor": ACTOR,
                    "published": f"{today.isoformat()}T08:00:00Z",
                    "sequence": seq,
                    "object": obj,
                    "to": [] if networks else ["https://www.w3.org/ns/activitystreams#Public"],
                    "markaz:networks": networks or [],
                },
                key_id=ACTOR + "#main-key",
                key=key,
            )
        )

    objects = {item[0]: (_object(item, today), item[7]) for item in ITEMS}
    for obj, networks in objects.values():
        add("Create", obj, networks)
    call, networks = objects[UPDATED]
    later = today + dt.timedelta(days=60)
    add("Update", call | {"endTime": f"{later.isoformat()}T17:00:00Z"}, networks)
    gone, networks = objects[WITHDRAWN]
    add("Delete", {"id": gone["id"], "type": "Tombstone"}, networks)
    return activities


def seed(center_slugs: list[str]) -> dict[str, int]:
    from django.utils import timezone

    from markaz.federation import outbox, services
    from markaz.federation.models import Mirror, Peer, PeerState

    published = outbox.publish()  # this deployment's own outbox, from the demo's content
    if Peer.objects.filter(base_url=PEER_BASE).exists():
        return {"federation activities published": published}
    peer = Peer.objects.create(
        name=PEER_NAME,
        base_url=PEER_BASE,
        actor_url=ACTOR,
        outbox_url=f"{PEER_BASE}/federation/outbox",
        inbox_url=f"{PEER_BASE}/federation/inbox",
        public_key=base64.b64encode(bytes(_key().verify_key)).decode(),
        state=PeerState.ACTIVE,
        approved_here=True,
        approved_there=True,
        networks=[PEER_NETWORK],
    )
    result = services.SyncResult(peer=str(peer))
    peer.cursor = services.apply_activities(peer, demo_outbox(timezone.localdate()), result=result)
    peer.last_sync_at = timezone.now()
    peer.save(update_fields=["cursor", "last_sync_at", "updated_at"])
    return {
        "federation activities published": published,
        "federation peers": 1,
        "mirrored items": Mirror.objects.filter(peer=peer, deleted=False).count(),
    }
