"""`markaz unlock-sign-in [--username NAME] [--ip ADDR]`: lift a sign-in lockout now.

`markaz reset-2fa USERNAME`: remove a user's authenticator and recovery codes (a lost phone);
they sign in with their password and may set up two-factor again.
"""

from __future__ import annotations

import sys


def cmd_unlock(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from markaz.accounts.services import unlock_sign_in

    if not args.username and not args.ip:
        sys.exit("markaz unlock-sign-in: give --username or --ip")
    removed = unlock_sign_in(username=args.username or "", ip=args.ip or "")
    print(f"{removed} failed sign-in(s) cleared")


def cmd_reset_2fa(args) -> None:
    from markaz.cli import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from markaz.accounts.services import reset_two_factor

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        sys.exit(f"markaz reset-2fa: no user {args.username!r}")
    done = reset_two_factor(user=user)
    print("two-factor authentication removed" if done else "that user had no two-factor set up")


def register(subparsers) -> None:
    p = subparsers.add_parser("unlock-sign-in", help="lift a sign-in lockout now")
    p.add_argument("--username", help="the username (or e-mail) that was locked")
    p.add_argument("--ip", help="the address that was locked")
    p.set_defaults(func=cmd_unlock)
    p = subparsers.add_parser("reset-2fa", help="remove a user's two-factor authenticator")
    p.add_argument("username")
    p.set_defaults(func=cmd_reset_2fa)
