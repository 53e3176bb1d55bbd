"""`markaz review-assign`: the same service as the page, from the command line."""

import pytest

from markaz.cli import main
from markaz.review.models import Assignment

pytestmark = pytest.mark.django_db


def test_review_assign_fills_the_round_and_prints_the_report(staff_a, review_round_a, capsys):
    main(
        [
            "review-assign",
            "--center",
            "amal-hub",
            "--round",
            str(review_round_a.pk),
            "--as",
            "staff_a",
        ]
    )
    assert Assignment.objects.filter(round=review_round_a).count() == 8
    assert "8 of 8 reviewer slots filled" in capsys.readouterr().out


def test_review_assign_refuses_non_staff_and_reports_shortfalls(
    staff_a, reviewer_a, review_round_a, capsys
):
    with pytest.raises(SystemExit, match="runs no round"):
        main(
            [
                "review-assign",
                "--center",
                "amal-hub",
                "--round",
                str(review_round_a.pk),
                "--as",
                "reviewer_a",
            ]
        )
    assert not Assignment.objects.exists()
    review_round_a.reviewers_per_application = 5
    review_round_a.save()
    with pytest.raises(SystemExit) as stopped:
        main(
            [
                "review-assign",
                "--center",
                "amal-hub",
                "--round",
                str(review_round_a.pk),
                "--as",
                "staff_a",
            ]
        )
    assert stopped.value.code == 1
    assert "short" in capsys.readouterr().out
