import pytest

from markaz.cli import build_parser, main
from markaz.core.tokens import authenticate_token


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "migrate", "seed", "generate", "token", "bench", "manage"):
        assert command in out


def test_token_create_prints_a_working_center_scoped_token(capsys, center_a, staff_a):
    main(["token", "create", "--user", "staff_a", "--center", center_a.slug, "--name", "ci"])
    secret = capsys.readouterr().out.strip()
    token = authenticate_token(secret)
    assert token is not None and token.center == center_a and token.user == staff_a
    assert token.digest != secret and secret not in token.prefix


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--user", "nobody", "--center", "amal-hub"], "no user 'nobody'"),
        (["--user", "staff_a", "--center", "nowhere"], "no center 'nowhere'"),
        (["--user", "outsider_b", "--center", "amal-hub"], "holds no role in 'amal-hub'"),
        (["--user", "staff_a", "--center", "amal-hub", "--days", "0"], "--days must be 1"),
    ],
)
def test_token_create_refuses_bad_requests_with_a_clear_message(
    argv, message, center_a, staff_a, outsider
):
    with pytest.raises(SystemExit) as exit_:
        main(["token", "create", *argv])
    assert message in str(exit_.value.code)


def test_seed_needs_to_be_told_what_to_seed():
    with pytest.raises(SystemExit) as exit_:
        main(["seed"])
    assert "seed --demo" in str(exit_.value.code)


def test_an_unknown_benchmark_lists_the_available_ones():
    with pytest.raises(SystemExit) as exit_:
        main(["bench", "nope"])
    assert "available:" in str(exit_.value.code) and "web" in str(exit_.value.code)


def test_generate_refuses_a_scale_below_one():
    with pytest.raises(SystemExit) as exit_:
        main(["generate", "--scale", "0"])
    assert "--scale must be 1 or more" in str(exit_.value.code)


def test_app_commands_are_discovered():
    commands = build_parser()._subparsers._group_actions[0].choices
    assert "match" in commands
