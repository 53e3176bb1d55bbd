"""The `markaz` command: demo, serve, data set-up, tokens, benchmarks and Django's commands.

Apps add their own sub-commands in `markaz/<app>/commands.py` with `register(subparsers)`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import runpy
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "markaz.settings")
    import django

    django.setup()


def call_django(*args: str) -> None:
    setup_django()
    from django.core.management import call_command

    call_command(*args)


def import_subcommands(subparsers) -> argparse._SubParsersAction:
    """The sub-commands of the shared `markaz import` group (created by the first app asking):
    each app adds its own kind, `markaz import knowledge FILE`, `markaz import impact FILE` …"""
    parser = subparsers.choices.get("import")
    if parser is None:
        parser = subparsers.add_parser("import", help="import data from files")
        parser.set_defaults(func=lambda args: parser.error("say what to import"))
        parser.markaz_subcommands = parser.add_subparsers(dest="what", metavar="WHAT")
    return parser.markaz_subcommands


def cmd_migrate(args) -> None:
    call_django("migrate", "--no-input", *(["-v", "0"] if args.quiet else []))


def cmd_seed(args) -> None:
    if not args.demo:
        sys.exit("markaz seed: say what to seed, e.g. `markaz seed --demo`.")
    setup_django()
    from markaz.demo.seed import print_logins, seed_demo

    seed_demo(progress=True)
    print_logins()


def cmd_generate(args) -> None:
    if args.scale < 1:
        sys.exit("markaz generate: --scale must be 1 or more.")
    setup_django()
    from markaz.demo.generate import generate_network

    figures = generate_network(scale=args.scale, seed=args.seed, progress=True)
    print(figures)


def cmd_serve(args) -> None:
    setup_django()
    from django.core.management import call_command

    if not args.production:
        call_command("runserver", f"{args.host}:{args.port}", "--noreload", "--skip-checks")
        return
    # A real WSGI server; static files are collected once and served by whitenoise.
    call_command("collectstatic", "--no-input", "-v", "0")
    os.execvp(  # noqa: S606 - replaces this process with gunicorn, arguments are ours
        sys.executable,
        [
            sys.executable, "-m", "gunicorn", "markaz.wsgi:application",
            "--config", "python:markaz.ops.gunicorn_conf",
            "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
            "--access-logfile", "-", "--forwarded-allow-ips", args.forwarded_allow_ips,
        ],
    )  # fmt: skip


def cmd_demo(args) -> None:
    os.environ.setdefault("MARKAZ_DEMO", "1")
    setup_django()
    from django.core.management import call_command

    from markaz.demo.seed import print_logins, seed_demo

    call_command("migrate", "--no-input", "-v", "0")
    seed_demo(progress=True)
    print_logins()
    if args.no_serve:
        return
    print(f"\nMarkaz demo: http://{args.host}:{args.port}/  (Arabic: /ar/, English: /en/)\n")
    call_command("runserver", f"{args.host}:{args.port}", "--noreload", "--skip-checks")


def cmd_token_create(args) -> None:
    setup_django()
    from markaz.core.tokens import TokenError, create_token

    try:
        _token, secret = create_token(
            username=args.user, center_slug=args.center, name=args.name, days=args.days
        )
    except TokenError as exc:
        sys.exit(f"markaz token create: {exc}")
    print(secret)


def cmd_bench(args) -> None:
    script = PROJECT_ROOT / "bench" / f"{args.name}.py"
    if not script.exists():
        names = sorted(p.stem for p in (PROJECT_ROOT / "bench").glob("[a-z]*.py"))
        sys.exit(f"markaz bench: no benchmark {args.name!r}; available: {', '.join(names)}")
    sys.argv = [str(script), *args.rest]
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    runpy.run_path(str(script), run_name="__main__")


def cmd_manage(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "markaz.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["markaz manage", *args.rest])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="markaz",
        description="Markaz: the platform on which social innovation centers run their work.",
        epilog="Run `markaz COMMAND --help` for the options of a command.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("demo", help="migrate, seed the demo network and serve it")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default=8000, type=int)
    p.add_argument("--no-serve", action="store_true", help="set up the demo without serving it")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default=8000, type=int)
    p.add_argument(
        "--production", action="store_true", help="serve with gunicorn (needs MARKAZ_SECRET_KEY)"
    )
    p.add_argument("--workers", default=max(2, (os.cpu_count() or 1) * 2), type=int)
    p.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies whose X-Forwarded-* headers gunicorn trusts",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("seed", help="load data; --demo loads the bilingual demo network")
    p.add_argument("--demo", action="store_true", help="the demo network (idempotent)")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("generate", help="generate deterministic network-scale data for benchmarks")
    p.add_argument(
        "--scale",
        type=int,
        required=True,
        help="1 ≈ the demo; 100 ≈ 500 centers, 50k organizations, 100k ventures, 300k people",
    )
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("token", help="personal API tokens")
    token_sub = p.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    t = token_sub.add_parser("create", help="create a token and print it (shown once)")
    t.add_argument("--user", required=True, help="username or email")
    t.add_argument("--center", required=True, help="center slug the token is scoped to")
    t.add_argument("--name", default="cli", help="a label to recognise the token by")
    t.add_argument("--days", type=int, default=None, help="expire after this many days")
    t.set_defaults(func=cmd_token_create)

    p = sub.add_parser("bench", help="run a benchmark; prints one JSON line")
    p.add_argument("name", help="benchmark name, e.g. web")
    p.add_argument("rest", nargs=argparse.REMAINDER, help="options for the benchmark")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    import markaz

    for info in pkgutil.iter_modules(markaz.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"markaz.{info.name}.commands")
        except ModuleNotFoundError as exc:
            if exc.name != f"markaz.{info.name}.commands":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
