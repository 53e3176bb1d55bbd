"""The writes behind seed_demo, one step per kind of row, each get-or-create on natural keys.

A step loads the keys that already exist in one query, bulk-creates only the missing rows and
remembers key -> pk for the later steps. Rows that exist are never touched, so a second run
creates nothing and edits made through the app survive a re-seed. Many-to-many links are only
added for objects this run created.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models

from markaz.core.models import Center, Membership, Network, NetworkRole
from markaz.demo.datafiles import load
from markaz.stakeholders.models import Affiliation, Organization, Partnership, Person
from markaz.ventures.models import TeamMember, Venture

DEMO_PASSWORD = "markaz-demo"  # noqa: S105 - the published password of the demo logins


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NETWORK_FIELDS = _names("slug kind name_en name_ar description_en description_ar")
CENTER_FIELDS = _names(
    "slug name_en name_ar description_en description_ar country city_en city_ar region kind "
    "founded_year timezone contact_email website"
)
ORG_FIELDS = _names("name_en name_ar sector country website description_en description_ar")
PERSON_FIELDS = _names("name_en name_ar email country city languages expertise")
VENTURE_FIELDS = _names(
    "name_en name_ar problem_en problem_ar solution_en solution_ar beneficiaries_en "
    "beneficiaries_ar stage legal_form is_public country city founded_on website"
)


class Seeder:
    def __init__(self, plan: dict[str, Any]):
        self.plan = plan
        self.created: Counter[str] = Counter()
        self.networks: dict[str, int] = {}
        self.centers: dict[str, int] = {}
        self.orgs: dict[tuple[int, str], int] = {}
        self.people: dict[tuple[int, str], int] = {}
        self.users: dict[str, int] = {}
        self.ventures: dict[tuple[int, str], int] = {}
        self.partnerships = self.affiliations = self.team = 0

    def _ensure(
        self,
        model: type[models.Model],
        label: str,
        wanted: Iterable[tuple[Hashable, dict[str, Any]]],
        existing: dict[Hashable, int],
    ) -> dict[Hashable, int]:
        """Create the rows whose key is not in `existing`; returns (and updates) key -> pk."""
        missing: dict[Hashable, dict[str, Any]] = {}
        for key, fields in wanted:
            if key not in existing and key not in missing:
                missing[key] = fields
        objs = model.objects.bulk_create([model(**f) for f in missing.values()], batch_size=500)
        existing.update(zip(missing, (o.pk for o in objs), strict=True))
        self.created[label] += len(objs)
        return existing

    def networks_and_centers(self) -> None:
        nets, centers = self.plan["networks"], self.plan["centers"]
        slugs = [n["slug"] for n in nets]
        known = dict(Network.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        new_nets = set(slugs) - known.keys()
        wanted = [(n["slug"], {k: n[k] for k in NETWORK_FIELDS}) for n in nets]
        self.networks = self._ensure(Network, "networks", wanted, known)

        slugs = [c["slug"] for c in centers]
        known = dict(Center.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        new_centers = set(slugs) - known.keys()
        wanted = [(c["slug"], {k: c[k] for k in CENTER_FIELDS}) for c in centers]
        self.centers = self._ensure(Center, "centers", wanted, known)

        goal = Center.focus_sdgs.through
        goal.objects.bulk_create(
            goal(center_id=self.centers[c["slug"]], goal_id=number)
            for c in centers
            if c["slug"] in new_centers
            for number in c["focus_sdgs"]
        )
        link = Center.networks.through
        link.objects.bulk_create(
            link(network_id=self.networks[n["slug"]], center_id=self.centers[slug])
            for n in nets
            for slug in (slugs if n["centers"] == "*" else n["centers"])
            if n["slug"] in new_nets or slug in new_centers
        )

    def organizations(self) -> None:
        ids = list(self.centers.values())
        known = {
            (c, name): pk
            for c, name, pk in Organization.objects.filter(center_id__in=ids).values_list(
                "center_id", "name_en", "pk"
            )
        }
        wanted = [
            (
                (self.centers[slug], o["name_en"]),
                {"center_id": self.centers[slug], **{k: o[k] for k in ORG_FIELDS}},
            )
            for slug, orgs in self.plan["organizations"].items()
            for o in orgs
        ]
        self.orgs = self._ensure(Organization, "organizations", wanted, known)

    def partnerships(self) -> None:
        vocab = load("vocab")
        arabic_first = {c["slug"]: c["languages"][0] == "ar" for c in self.plan["centers"]}
        wanted = []
        for slug, orgs in self.plan["organizations"].items():
            center = self.centers[slug]
            for i, org in enumerate(orgs):
                if i % 4 == 3:  # not every organization a center knows is a partner
                    continue
                kind = vocab["partnership_kind"][org["sector"]]
                if org["sector"] == "international" and i % 2:
                    kind = "knowledge"
                start = date(2016 + (i * 3 + len(slug)) % 8, (i * 5) % 12 + 1, 1)
                org_id = self.orgs[(center, org["name_en"])]
                fields = {
                    "center_id": center,
                    "organization_id": org_id,
                    "kind": kind,
                    "starts_on": start,
                    "ends_on": date(start.year + 3, start.month, 1) if i % 5 == 4 else None,
                    "notes": vocab["partnership_notes"][kind][1 if arabic_first[slug] else 0],
                }
                wanted.append(((center, org_id, kind), fields))
        rows = Partnership.objects.filter(center_id__in=self.centers.values())
        known = {
            (c, o, k): pk
            for c, o, k, pk in rows.values_list("center_id", "organization_id", "kind", "pk")
        }
        self.partnerships = len(self._ensure(Partnership, "partnerships", wanted, known))

    def logins(self) -> None:
        user_model = get_user_model()
        personas = self.plan["personas"]
        names = [p["username"] for p in personas]
        known = dict(user_model.objects.filter(username__in=names).values_list("username", "pk"))
        hashed = make_password(DEMO_PASSWORD) if set(names) - known.keys() else ""
        wanted = [
            (
                p["username"],
                {
                    "username": p["username"],
                    "email": f"{p['username']}@markaz.example",
                    "first_name": p["first_name"],
                    "last_name": p["last_name"],
                    "preferred_language": p["preferred_language"],
                    "password": hashed,  # one hash for all: same password, and argon2 is slow
                    "is_staff": p.get("superuser", False),
                    "is_superuser": p.get("superuser", False),
                },
            )
            for p in personas
        ]
        self.users = self._ensure(user_model, "users", wanted, known)
        centers = {c["slug"]: c for c in self.plan["centers"]}
        uids = list(self.users.values())
        known = dict(Person.objects.filter(user_id__in=uids).values_list("user_id", "pk"))
        wanted = []
        for p in personas:
            center = centers[p["center"]]
            fields = {
                "center_id": self.centers[p["center"]],
                "user_id": self.users[p["username"]],
                "name_en": f"{p['first_name']} {p['last_name']}",
                "name_ar": p["name_ar"],
                "email": f"{p['username']}@markaz.example",
                "country": center["country"],
                "city": center["city_en"],
                "bio_en": p["bio_en"],
                "bio_ar": p["bio_ar"],
                "languages": p["languages"],
                "expertise": p["expertise"],
            }
            wanted.append((self.users[p["username"]], fields))
        by_user = self._ensure(Person, "people", wanted, known)
        for p in personas:
            key = (self.centers[p["center"]], f"user:{p['username']}")
            self.people[key] = by_user[self.users[p["username"]]]
        held = Membership.objects.filter(user_id__in=uids).values_list(
            "user_id", "center_id", "role"
        )
        wanted = [
            ((uid, cid, p["role"]), {"user_id": uid, "center_id": cid, "role": p["role"]})
            for p in personas
            if p["role"]
            for uid, cid in [(self.users[p["username"]], self.centers[p["center"]])]
        ]
        self._ensure(Membership, "memberships", wanted, dict.fromkeys(held, 0))
        held = NetworkRole.objects.filter(user_id__in=uids).values_list(
            "user_id", "network_id", "role"
        )
        wanted = [
            ((uid, nid, NetworkRole.COORDINATOR), {"user_id": uid, "network_id": nid})
            for p in personas
            if p.get("network_coordinator")
            for uid, nid in [(self.users[p["username"]], self.networks[p["network_coordinator"]])]
        ]
        self._ensure(NetworkRole, "network_roles", wanted, dict.fromkeys(held, 0))

    def people_(self) -> None:
        rows = Person.objects.filter(center_id__in=self.centers.values())
        known = {(c, n): pk for c, n, pk in rows.values_list("center_id", "name_en", "pk")}
        known.update(self.people)
        wanted = []
        for slug, people in self.plan["people"].items():
            cid = self.centers[slug]
            for p in people:
                fields = {k: p[k] for k in PERSON_FIELDS}
                wanted.append(((cid, p["name_en"]), {"center_id": cid, **fields}))
        found = self._ensure(Person, "people", wanted, known)
        # The plan's people and the logins' profiles; not people other apps' demo data added.
        keep = {key for key, _fields in wanted} | set(self.people)
        self.people = {key: pk for key, pk in found.items() if key in keep}

    def affiliations_(self) -> None:
        wanted = []
        for slug, people in self.plan["people"].items():
            cid = self.centers[slug]
            for p in people:
                person = self.people[(cid, p["name_en"])]
                for org_name, title, start, end in p["affiliations"]:
                    wanted.append((person, self.orgs[(cid, org_name)], title, start, end))
        for p in self.plan["personas"]:
            if p.get("organization"):
                cid = self.centers[p["center"]]
                person = self.people[(cid, f"user:{p['username']}")]
                org = self.orgs[(cid, p["organization"])]
                wanted.append((person, org, p["title"], date(2019, 9, 1), None))
        rows = Affiliation.objects.filter(person_id__in=self.people.values())
        known = dict.fromkeys(rows.values_list("person_id", "organization_id"), 0)
        fields = ("person_id", "organization_id", "title", "starts_on", "ends_on")
        wanted_rows = [((w[0], w[1]), dict(zip(fields, w, strict=True))) for w in wanted]
        self.affiliations = len(self._ensure(Affiliation, "affiliations", wanted_rows, known))

    def ventures_(self) -> None:
        rows = Venture.objects.filter(center_id__in=self.centers.values())
        known = {(c, n): pk for c, n, pk in rows.values_list("center_id", "name_en", "pk")}
        creators = {
            (p["center"], concept): self.users[p["username"]]
            for p in self.plan["personas"]
            for concept in p.get("founder_of", ())
        }
        wanted = []
        for v in self.plan["ventures"]:
            cid = self.centers[v["center"]]
            fields = {k: v[k] for k in VENTURE_FIELDS}
            fields["created_by_id"] = creators.get((v["center"], v["concept"]))
            wanted.append(((cid, v["name_en"]), {"center_id": cid, **fields}))
        before = set(known)
        self.ventures = self._ensure(Venture, "ventures", wanted, known)
        new = [
            v
            for v in self.plan["ventures"]
            if (self.centers[v["center"]], v["name_en"]) not in before
        ]
        goals, targets = Venture.sdg_goals.through, Venture.sdg_targets.through
        ids = [self.ventures[(self.centers[v["center"]], v["name_en"])] for v in new]
        goals.objects.bulk_create(
            goals(venture_id=vid, goal_id=g)
            for vid, v in zip(ids, new, strict=True)
            for g in v["goals"]
        )
        targets.objects.bulk_create(
            targets(venture_id=vid, target_id=t)
            for vid, v in zip(ids, new, strict=True)
            for t in v["targets"]
        )

    def team_(self) -> None:
        wanted = []
        for slug, rows in self.plan["team"].items():
            cid = self.centers[slug]
            for venture, person, role, manage in rows:
                vid, pid = self.ventures[(cid, venture)], self.people[(cid, person)]
                fields = {"venture_id": vid, "person_id": pid, "role": role, "can_manage": manage}
                wanted.append(((vid, pid), fields))
        rows = TeamMember.objects.filter(venture_id__in=self.ventures.values())
        known = dict.fromkeys(rows.values_list("venture_id", "person_id"), 0)
        self.team = len(self._ensure(TeamMember, "team_members", wanted, known))

    def summary(self) -> dict[str, Any]:
        """How many demo rows of each kind exist now, and what this run created."""
        return {
            "networks": len(self.networks),
            "centers": len(self.centers),
            "organizations": len(self.orgs),
            "partnerships": self.partnerships,
            "people": len(set(self.people.values())),
            "users": len(self.users),
            "affiliations": self.affiliations,
            "ventures": len(self.ventures),
            "team_members": self.team,
            "created": dict(self.created),
        }
