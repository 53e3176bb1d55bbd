"""Demo challenges: six problems framed by demo centers with partners from several sectors,
with owners in different roles, workspace discussions and the ventures working on them.

Written through the challenge services, so statuses, owners and comments are audited like real
ones. Idempotent: a challenge whose English title already exists in its center is skipped.
"""

from __future__ import annotations

# Each: center, titles, problem, evidence, affected population, place, SDG targets, status path,
# visibility, owners [(organization name, role)], comments [(username or "", en, ar)].
CHALLENGES = [
    {
        "center": "amal-hub",
        "title": (
            "Water lost before it reaches homes in East Amman",
            "مياه تضيع قبل أن تصل إلى بيوت شرق عمّان",
        ),
        "problem": (
            "Households in the eastern neighbourhoods receive piped water once a week. Leaks in "
            "old networks and roof tanks mean that **about 40%** of the water delivered is lost "
            "before it is used, and families buy expensive tanker water in summer.",
            "تصل المياه عبر الشبكة إلى أسر الأحياء الشرقية مرة واحدة في الأسبوع. وبسبب التسرب في "
            "الشبكات القديمة وخزانات الأسطح يضيع **نحو 40%** من المياه قبل استخدامها، فتشتري الأسر "
            "مياه الصهاريج الغالية في الصيف.",
        ),
        "evidence": (
            "- Household survey of 420 homes (2025), Jabal Amman University\n"
            "- Municipal complaint records: leak reports doubled since 2021",
            "- مسح لـ420 أسرة (2025) أجرته جامعة جبل عمّان\n"
            "- سجلات شكاوى البلدية: تضاعفت بلاغات التسرب منذ 2021",
        ),
        "affected": (
            "About 18,000 households in Jabal al-Natheef, Al-Hashmi and Marka.",
            "نحو 18 ألف أسرة في جبل النظيف والهاشمي وماركا.",
        ),
        "country": "JO",
        "place": ("East Amman", "شرق عمّان"),
        "targets": ["6.1", "6.4"],
        "path": ["open"],
        "visibility": "public",
        "owners": [
            ("Amman Municipal Office for Community Initiatives", "owner"),
            ("Jabal Amman University of Applied Sciences", "data_provider"),
            ("Jabal al-Natheef Neighbourhood Committee", "implementer"),
            ("International Water Alliance, Levant Office", "co_funder"),
            ("Al-Khair Family Foundation", "co_funder"),
        ],
        "comments": [
            (
                "mentor",
                "Our survey data is anonymised and ready to share as a spreadsheet.",
                "بيانات المسح لدينا مجهولة الهوية وجاهزة للمشاركة كجدول بيانات.",
            ),
            (
                "reviewer",
                "Could we add a pilot on roof-tank repairs before the summer?",
                "هل يمكن أن نضيف تجربة لإصلاح خزانات الأسطح قبل الصيف؟",
            ),
            (
                "staff",
                "Call for solutions opens next month; please review the brief.",
                "ستُفتح دعوة تقديم الحلول الشهر القادم؛ يرجى مراجعة الموجز.",
            ),
        ],
    },
    {
        "center": "amal-hub",
        "title": (
            "Refugee youth out of school and out of work",
            "شباب لاجئون خارج المدرسة وخارج سوق العمل",
        ),
        "problem": (
            "One in three young refugees aged 15–24 in Amman is neither studying nor working. "
            "Short courses rarely lead to jobs, and employers say they cannot find trained staff.",
            "شاب من كل ثلاثة لاجئين بين 15 و24 عامًا في عمّان لا يدرس ولا يعمل. ونادرًا ما تؤدي "
            "الدورات القصيرة إلى وظائف، بينما يقول أصحاب العمل إنهم لا يجدون موظفين مدرَّبين.",
        ),
        "evidence": (
            "Labour-force figures and the Sanad Association's follow-up of 600 graduates.",
            "أرقام مسح القوى العاملة ومتابعة جمعية سند لـ600 متخرّج.",
        ),
        "affected": (
            "Young refugees and young Jordanians in host neighbourhoods.",
            "الشباب اللاجئون والشباب الأردنيون في الأحياء المضيفة.",
        ),
        "country": "JO",
        "place": ("Amman", "عمّان"),
        "targets": ["4.4", "8.6"],
        "path": [],
        "visibility": "center",
        "owners": [
            ("Sanad Association for Refugee Education", "owner"),
            ("Amman Municipal Office for Community Initiatives", "policy_partner"),
            ("Petra Solar Systems", "implementer"),
            ("Zaytoun Kitchen", "implementer"),
        ],
        "comments": [
            (
                "partner",
                "We can take twelve apprentices for solar installation this year.",
                "يمكننا استقبال اثني عشر متدربًا في تركيب الطاقة الشمسية هذا العام.",
            ),
            (
                "staff",
                "Let us frame the problem around apprenticeships, not courses.",
                "لنصغ المشكلة حول التلمذة المهنية لا الدورات.",
            ),
        ],
    },
]
CHALLENGES += [
    {
        "center": "nile-innovation-house",
        "title": ("Textile waste from Cairo's garment workshops",
                  "مخلفات النسيج من ورش الملابس في القاهرة"),
        "problem": (
            "Small garment workshops throw away offcuts that end up burned or in canals. "
            "Recyclers cannot collect small, mixed quantities at a price that pays.",
            "ترمي ورش الملابس الصغيرة بقايا القماش فينتهي بها الأمر محروقة أو في الترع. ولا يستطيع "
            "المدوِّرون جمع الكميات الصغيرة المختلطة بسعر مجدٍ.",
        ),
        "evidence": (
            "Waste audit of 75 workshops in Shubra by the Fustat School of Design.",
            "تدقيق مخلفات 75 ورشة في شبرا أجرته مدرسة الفسطاط للتصميم.",
        ),
        "affected": ("Workshop owners, waste pickers and residents near the canals.",
                     "أصحاب الورش وجامعو المخلفات وسكان المناطق المجاورة للترع."),
        "country": "EG",
        "place": ("Shubra, Cairo", "شبرا، القاهرة"),
        "targets": ["12.5", "8.3"],
        "path": ["open", "implementation"],
        "visibility": "public",
        "owners": [
            ("Misr Recycling Company", "owner"),
            ("Fustat School of Design", "data_provider"),
            ("Cairo Governorate Youth Employment Unit", "policy_partner"),
            ("Nafas Textiles", "implementer"),
        ],
        "comments": [
            ("", "The first collection route runs twice a week from March.",
             "يعمل أول خط للجمع مرتين أسبوعيًا بدءًا من مارس."),
        ],
    },
    {
        "center": "baobab-lab",
        "title": ("Clean cooking in Nairobi's informal settlements",
                  "طهي نظيف في التجمعات غير الرسمية في نيروبي"),
        "problem": (
            "Most families in Kibera cook on charcoal or kerosene indoors. Smoke harms women and "
            "children, and fuel takes a fifth of household income.",
            "تطهو معظم الأسر في كيبيرا على الفحم أو الكيروسين داخل البيوت. يضر الدخان بالنساء "
            "والأطفال، ويستهلك الوقود خُمس دخل الأسرة.",
        ),
        "evidence": (
            "Indoor air measurements in 150 homes by Ngong Hills University (2024).",
            "قياسات جودة الهواء داخل 150 منزلًا أجرتها جامعة نغونغ هيلز (2024).",
        ),
        "affected": ("Around 60,000 households, mostly women and young children.",
                     "نحو 60 ألف أسرة، معظم المتأثرين نساء وأطفال صغار."),
        "country": "KE",
        "place": ("Kibera, Nairobi", "كيبيرا، نيروبي"),
        "targets": ["7.1", "3.9"],
        "path": ["open"],
        "visibility": "public",
        "owners": [
            ("Kibera Women's Savings Circle", "owner"),
            ("Nairobi County Directorate of Youth Affairs", "policy_partner"),
            ("Jiko Bora Cookstoves", "implementer"),
            ("Acacia Philanthropies", "co_funder"),
            ("Ngong Hills University", "data_provider"),
        ],
        "comments": [
            ("staff.nairobi", "Savings groups could pay for stoves in instalments.",
             "يمكن لمجموعات الادخار دفع ثمن المواقد بالتقسيط."),
        ],
    },
    {
        "center": "padma-changemakers",
        "title": ("Flood warnings that reach char communities in time",
                  "إنذارات فيضان تصل إلى مجتمعات الجزر النهرية في الوقت المناسب"),
        "problem": (
            "Warnings reach river-island (char) villages late or not at all; families lose "
            "livestock and seed stock every monsoon.",
            "تصل الإنذارات إلى قرى الجزر النهرية متأخرة أو لا تصل أبدًا، فتفقد الأسر مواشيها "
            "وبذورها في كل موسم أمطار.",
        ),
        "evidence": (
            "Post-flood losses recorded by the Department of Disaster Preparedness, 2022–2025.",
            "خسائر ما بعد الفيضانات التي سجّلتها إدارة التأهب للكوارث بين 2022 و2025.",
        ),
        "affected": ("About 45,000 people on the chars of the Jamuna river.",
                     "نحو 45 ألف شخص على جزر نهر جامونا."),
        "country": "BD",
        "place": ("Jamuna chars", "جزر نهر جامونا"),
        "targets": ["13.1", "11.5"],
        "path": [],
        "visibility": "center",
        "owners": [
            ("Dhaka Division Department of Disaster Preparedness", "owner"),
            ("Buriganga University of Engineering", "data_provider"),
            ("Korail Women's Committee", "implementer"),
            ("Bay of Bengal Fisheries Programme", "co_funder"),
        ],
        "comments": [],
    },
    {
        "center": "tejo-impact-lab",
        "title": ("Older people living alone in Lisbon's historic quarters",
                  "كبار السن الذين يعيشون وحدهم في أحياء لشبونة التاريخية"),
        "problem": (
            "Many older residents of Mouraria and Alfama live alone in walk-up flats and rarely "
            "leave home; loneliness and falls go unnoticed for days.",
            "يعيش كثير من كبار السن في موراريا وألفاما وحدهم في شقق بلا مصاعد ونادرًا ما يغادرون "
            "بيوتهم، فتمر الوحدة والسقطات دون أن يلاحظها أحد لأيام.",
        ),
        "evidence": (
            "Municipal social-rights register and a door-to-door survey of 300 residents.",
            "سجل الحقوق الاجتماعية في البلدية ومسح من باب إلى باب شمل 300 ساكن.",
        ),
        "affected": ("Residents over 75 living alone, about 2,400 people.",
                     "السكان فوق 75 عامًا الذين يعيشون وحدهم، نحو 2400 شخص."),
        "country": "PT",
        "place": ("Mouraria and Alfama, Lisbon", "موراريا وألفاما، لشبونة"),
        "targets": ["10.2", "11.7"],
        "path": ["open", "implementation", "closed"],
        "visibility": "public",
        "owners": [
            ("Lisbon Municipal Department for Social Rights", "owner"),
            ("Mouraria Neighbours' Association", "implementer"),
            ("Tagus Institute of Social Sciences", "data_provider"),
            ("Horizon Foundation", "co_funder"),
        ],
        "comments": [
            ("", "The neighbour-visit scheme now runs without the lab's support.",
             "يعمل برنامج زيارات الجيران الآن دون دعم المختبر."),
        ],
    },
]  # fmt: skip


def seed(center_slugs: list[str]) -> dict[str, int]:
    """Create the missing demo challenges of the given centers; returns what was created."""
    created = {"challenges": 0, "challenge comments": 0, "challenge ventures": 0}
    for spec in CHALLENGES:
        if spec["center"] in center_slugs:
            for kind, n in _seed_one(spec).items():
                created[kind] += n
    return created


def _staff_scope(center):
    from django.contrib.auth import get_user_model

    from markaz.core.access import scope_for

    users = get_user_model().objects
    user = (
        users.filter(memberships__center=center, memberships__role__in=["staff", "admin"])
        .order_by("memberships__role", "pk")
        .first()
        or users.filter(is_superuser=True).order_by("pk").first()
    )
    return scope_for(user) if user is not None else None


def _seed_one(spec: dict) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from markaz.challenges import permissions as perms
    from markaz.challenges import services
    from markaz.challenges.models import Challenge
    from markaz.core.access import scope_for
    from markaz.core.models import Center
    from markaz.core.reference import targets_by_codes
    from markaz.stakeholders.models import Organization
    from markaz.ventures.models import Venture

    center = Center.objects.filter(slug=spec["center"]).first()
    none = {"challenges": 0, "challenge comments": 0, "challenge ventures": 0}
    if (
        center is None
        or Challenge.objects.filter(center=center, title_en=spec["title"][0]).exists()
    ):
        return none
    staff = _staff_scope(center)
    if staff is None:
        return none
    orgs = {o.name_en: o for o in Organization.objects.filter(center=center)}
    owners = [(orgs[name], role) for name, role in spec["owners"] if name in orgs]
    data = {"country": spec["country"], "visibility": spec["visibility"]}
    for key, base in (("title", "title"), ("problem", "problem"), ("evidence", "evidence"),
                      ("affected", "affected_population"), ("place", "place")):  # fmt: skip
        data[f"{base}_en"], data[f"{base}_ar"] = spec[key]
    challenge = services.create_challenge(
        scope=staff, center=center, data=data,
        sdg_targets=targets_by_codes(spec["targets"]), owners=owners,
    )  # fmt: skip
    comments = 0
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[c[0] for c in spec["comments"] if c[0]])}  # fmt: skip
    for username, text_en, text_ar in spec["comments"]:
        author = scope_for(users[username]) if username in users else staff
        if not perms.can_comment(author, challenge):
            author = staff
        arabic = getattr(author.user, "preferred_language", "en") == "ar"
        services.add_comment(scope=author, challenge=challenge, body=text_ar if arabic else text_en)
        comments += 1
    goals = {code.split(".")[0] for code in spec["targets"]}
    ventures = list(
        Venture.objects.filter(center=center, sdg_goals__in=goals).distinct().order_by("pk")[:2]
    )
    for venture in ventures:
        services.link_venture(scope=staff, challenge=challenge, venture=venture)
    for status in spec["path"]:
        services.transition_challenge(scope=staff, challenge=challenge, status=status)
    return {"challenges": 1, "challenge comments": comments, "challenge ventures": len(ventures)}
