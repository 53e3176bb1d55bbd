"""Named predicates for impact: staff run it, teams report, funders see aggregates."""

from __future__ import annotations

from markaz.core.access import AccessScope
from markaz.core.models import Center
from markaz.impact.models import Report, ReportStatus
from markaz.ventures.permissions import is_on_team


def can_manage_impact(scope: AccessScope, center: Center | int) -> bool:
    """Indicators, periods, verification and imports: the center's staff."""
    return scope.is_staff_of(center)


def can_see_venture_impact(scope: AccessScope, venture) -> bool:
    """A venture's reports (verified or not): its team and its center's staff."""
    return scope.is_staff_of(venture.center_id) or is_on_team(scope, venture)


def can_report_for(scope: AccessScope, venture) -> bool:
    """Write a venture's logic model and reports: staff, or the team members who manage it."""
    return scope.is_staff_of(venture.center_id) or is_on_team(scope, venture, managing=True)


def can_submit(scope: AccessScope, report: Report | None, venture) -> bool:
    if report is not None and report.status == ReportStatus.REJECTED:
        return False
    return can_report_for(scope, venture)


def can_review(scope: AccessScope, report: Report) -> bool:
    return report.status == ReportStatus.SUBMITTED and can_manage_impact(scope, report.center_id)
