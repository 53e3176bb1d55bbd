"""Keep cohort and program roll-ups in step with cohort membership, which `programs` writes.

A venture joining a cohort (through programs' services) moves its verified cells into the
cohort's and program's roll-ups in the same transaction; leaving moves them out. Deleting a
cohort, program or venture removes the memberships by cascade: the group's own cells go with
the cohort or program, so nothing is moved then.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from markaz.impact import rollups


def _move(member, *, added: bool) -> None:
    from markaz.programs.models import Cohort

    program_id = Cohort.objects.filter(pk=member.cohort_id).values_list("program_id", flat=True)
    if program_id:
        rollups.apply_membership(
            venture_id=member.venture_id, cohort_id=member.cohort_id,
            program_id=program_id[0], added=added,
        )  # fmt: skip


def member_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if created and not raw:
        _move(instance, added=True)


def member_deleted(sender, instance, origin=None, **kwargs) -> None:
    direct = isinstance(origin, sender) or (isinstance(origin, QuerySet) and origin.model is sender)
    if direct:
        _move(instance, added=False)


def connect() -> None:
    from markaz.programs.models import CohortMember

    post_save.connect(member_saved, sender=CohortMember, dispatch_uid="impact-cohort-member-saved")
    post_delete.connect(
        member_deleted, sender=CohortMember, dispatch_uid="impact-cohort-member-deleted"
    )
