"""The language of messages: `--lang` before or after the command, and click's own usage errors in Swedish."""
from __future__ import annotations

from tests.conftest import REPO

BROKEN = REPO / "tests" / "load_cases" / "unknown-key" / "minimal-agreement.yaml"


def test_lang_before_the_command_applies_to_it(cli):
    before = cli("--lang", "en", "check", BROKEN, "--project", REPO, "--no-cache")
    after = cli("check", BROKEN, "--project", REPO, "--no-cache", "--lang", "en")
    assert before.code == after.code == 1
    assert before.err == after.err and "unknown key" in before.err


def test_a_commands_own_lang_wins_over_the_one_before_it(cli):
    result = cli("--lang", "en", "check", BROKEN, "--project", REPO, "--no-cache", "--lang", "sv")
    assert "okänd nyckel" in result.err


def test_click_usage_errors_are_swedish_by_default(cli):
    result = cli("build", "--frmat", "pdf")
    assert result.code == 2
    assert result.err == ("Användning: iopdoc build [FLAGGOR] [SOURCES]...\nSkriv 'iopdoc build --help' för hjälp.\n\n"
                          "Fel: det finns ingen flagga `--frmat`. Menade du `--format`?\n")
    assert "Fel: det finns inget kommando `bild`. Menade du `build`?" in cli("bild").err
    assert "Fel: argumentet ID saknas." in cli("new").err
    assert "Fel: ogiltigt värde för '--lang'. ('de' is not one of 'sv', 'en'.)" in cli("check", "--lang", "de").err


def test_click_usage_errors_in_english_on_request(cli):
    result = cli("--lang", "en", "build", "--frmat", "pdf")
    assert result.code == 2 and "Error: No such option '--frmat'. Did you mean '--format'?" in result.err
