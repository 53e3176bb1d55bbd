"""Reference data reads (public)."""

from markaz.sdg.models import Goal, Target


def goals():
    return Goal.objects.all()


def targets_of(goal_numbers):
    return Target.objects.filter(goal_id__in=goal_numbers)
