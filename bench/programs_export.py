"""Exports at scale: 100,000 rows of applications with their answers, and 100,000 rows of
review scores, each streamed as CSV and XLSX.

`markaz bench programs_export [--quick]` prints one JSON line: rows, seconds and the peak
Python memory (tracemalloc) of streaming each format, for the applications export
(`markaz.programs.exports`: one row per application, its five answers as columns) and the
scores export (`markaz.review.exports`: one row per application × reviewer × criterion; 10,000
applications × 2 reviewers × 5 criteria), each against a limit of 64 MB; the process's peak
resident memory (RSS) for the whole run; and — the peer, measured in the same run — the peak
of building the whole applications CSV in memory first, as a non-streamed export would. Data
is generated once (bulk inserts) under var/bench/programs_export unless DATABASE_URL is set.
`--quick`: 5,000 rows of each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
import tracemalloc

from _common import emit, log, use_data_dir

LIMIT_MB = 64.0


def build(n: int, slug: str) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from markaz.core.models import Center
    from markaz.programs.models import Application, Call, FormField, Program
    from markaz.ventures.models import Venture

    with transaction.atomic():
        center = Center.objects.create(
            slug=slug, name_en="Bench export", country="JO", region="mena", kind="non_profit"
        )
        user = get_user_model().objects.create(username=f"{slug}-user", email=f"{slug}@x.org")
        program = Program.objects.create(center=center, title_en="Bench program")
        call = Call.objects.create(
            center=center, program=program, slug="bench", title_en="Bench call",
            phase="in_review", deadline=timezone.now() - dt.timedelta(days=1),
        )  # fmt: skip
        specs = [("pitch", "short_text"), ("story", "long_text"), ("budget", "number"),
                 ("sector", "single_choice"), ("site", "url")]  # fmt: skip
        choices = [{"value": "water", "label_en": "Water", "label_ar": "المياه"},
                   {"value": "energy", "label_en": "Energy", "label_ar": "الطاقة"}]  # fmt: skip
        for i, (key, kind) in enumerate(specs):
            FormField.objects.create(
                call=call, key=key, kind=kind, label_en=key.title(), position=i,
                choices=choices if kind == "single_choice" else [],
            )  # fmt: skip
        now = timezone.now()
        for start in range(0, n, 5000):
            size = min(5000, n - start)
            ventures = Venture.objects.bulk_create(
                [Venture(center=center, name_en=f"Venture {start + i}") for i in range(size)]
            )
            frozen = [
                {"key": "pitch", "kind": "short_text", "label_en": "Pitch", "value": "Kiosks"},
                {"key": "story", "kind": "long_text", "label_en": "Story",
                 "value": "We filter water for villages with sunlight. " * 8},
                {"key": "budget", "kind": "number", "label_en": "Budget", "value": "12000"},
                {"key": "sector", "kind": "single_choice", "label_en": "Sector",
                 "choices": choices, "value": "water"},
                {"key": "site", "kind": "url", "label_en": "Site", "value": "https://x.org"},
            ]  # fmt: skip
            Application.objects.bulk_create(
                [
                    Application(
                        center=center,
                        call=call,
                        venture=v,
                        applicant=user,
                        status="submitted",
                        submitted_at=now,
                        frozen_answers=frozen,
                    )
                    for v in ventures
                ]
            )


def build_review(call, n_rows: int) -> None:
    """A scored review round of `call`: n_rows / 10 applications × 2 reviewers × 5 criteria."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from markaz.review.models import Assignment, Criterion, Round, Rubric, Score

    per_app, n_criteria = 2, 5
    n_apps = n_rows // (per_app * n_criteria)
    with transaction.atomic():
        users = get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"{call.center.slug}-rev-{i}", email=f"{call.center.slug}-r{i}@x.org"
            )
            for i in range(20)
        )
        rubric = Rubric.objects.create(center=call.center, call=call, name_en="Bench rubric")
        criteria = Criterion.objects.bulk_create(
            Criterion(rubric=rubric, position=i + 1, name_en=f"Criterion {i + 1}", weight=i + 1)
            for i in range(n_criteria)
        )
        round_ = Round.objects.create(
            center=call.center, call=call, rubric=rubric, name_en="Screening", status="open"
        )
        now = timezone.now()
        app_ids = list(call.applications.order_by("id").values_list("id", flat=True)[:n_apps])
        for start in range(0, len(app_ids), 2000):
            chunk = app_ids[start : start + 2000]
            assignments = Assignment.objects.bulk_create(
                Assignment(
                    center=call.center,
                    round=round_,
                    application_id=app_id,
                    reviewer=users[(k * per_app + j) % len(users)],
                    status="submitted",
                    submitted_at=now,
                )
                for k, app_id in enumerate(chunk, start=start)
                for j in range(per_app)
            )
            Score.objects.bulk_create(
                Score(assignment=a, criterion=c, value=1 + (a.application_id + c.position) % 5)
                for a in assignments
                for c in criteria
            )


def measure(consume) -> tuple[float, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    size = consume()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(seconds, 2), round(peak / 2**20, 1), size


def main() -> None:
    parser = argparse.ArgumentParser(prog="markaz bench programs_export", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5,000 applications")
    args = parser.parse_args()
    n = 5_000 if args.quick else 100_000
    use_data_dir("programs_export")
    from markaz.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from markaz.programs import exports, selectors
    from markaz.programs.models import Call

    call_command("migrate", "--no-input", "-v", "0")
    slug = f"bench-export-{n}"
    if not Call.objects.filter(center__slug=slug).exists():
        log(f"bulk-inserting {n:,} applications ...")
        build(n, slug)
    call = Call.objects.get(center__slug=slug)
    fields = list(call.fields.all())
    from markaz.review import exports as review_exports
    from markaz.review.models import Round, Score

    if not Round.objects.filter(call=call).exists():
        log(f"bulk-inserting {n:,} review scores ...")
        build_review(call, n)
    round_ = Round.objects.get(call=call)

    def scores_csv():
        return sum(len(line) for line in review_exports.csv_lines(round_))

    def scores_xlsx():
        with review_exports.xlsx_file(round_) as out:
            return out.seek(0, 2)

    def stream(make):
        def consume():
            total = 0
            for chunk in make(selectors.submitted_applications(call), fields, blind=False):
                total += len(chunk)
            return total

        return consume

    def whole_csv():
        return len("".join(exports.csv_stream(selectors.submitted_applications(call), fields,
                                              blind=False)))  # fmt: skip

    log("streaming CSV ...")
    csv_s, csv_mb, csv_size = measure(stream(exports.csv_stream))
    log("streaming XLSX ...")
    xlsx_s, xlsx_mb, xlsx_size = measure(stream(exports.xlsx_stream))
    log("streaming the scores as CSV ...")
    scsv_s, scsv_mb, scsv_size = measure(scores_csv)
    log("writing the scores as XLSX ...")
    sxlsx_s, sxlsx_mb, sxlsx_size = measure(scores_xlsx)
    log("building the whole CSV in memory (the peer) ...")
    whole_s, whole_mb, _ = measure(whole_csv)
    ok = max(csv_mb, xlsx_mb, scsv_mb, sxlsx_mb) <= LIMIT_MB
    emit({
        "bench": "programs_export",
        "database": connection.vendor,
        "rows": selectors.submitted_applications(call).count(),
        "csv": {"seconds": csv_s, "peak_mb": csv_mb, "bytes": csv_size},
        "xlsx": {"seconds": xlsx_s, "peak_mb": xlsx_mb, "bytes": xlsx_size},
        "score_rows": Score.objects.filter(assignment__round=round_).count(),
        "scores_csv": {"seconds": scsv_s, "peak_mb": scsv_mb, "bytes": scsv_size},
        "scores_xlsx": {"seconds": sxlsx_s, "peak_mb": sxlsx_mb, "bytes": sxlsx_size},
        "peer_whole_csv_in_memory": {"seconds": whole_s, "peak_mb": whole_mb},
        "limit_peak_mb": LIMIT_MB,
        "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "within_limit": ok,
    })  # fmt: skip
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
