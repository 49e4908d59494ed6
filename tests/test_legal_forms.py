"""IOP303 accepts the legal forms real non-profits have, read from the first digit's published meaning."""
from __future__ import annotations

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
NON_PROFIT = "    org_number: 822003-8007\n"
PUBLIC = "    org_number: 212000-0449\n"

ACCEPTED_NON_PROFITS = {  # each number valid (Luhn), of the form its first digit says
    "ideell förening (8)": "802456-8738",
    "stiftelse (8)": "802000-1239",
    "ekonomisk förening, e.g. a social cooperative (7)": "716400-1237",
    "aktiebolag that does not distribute its profit (5)": "556000-0019",
    "Svenska kyrkan's parish (2)": "252004-2348",
}
REJECTED_NON_PROFITS = {
    "handelsbolag (9)": ("969600-1230", "börjar med 9 (handelsbolag eller kommanditbolag)"),
    "enkelt bolag (6)": ("616400-1239", "börjar med 6 (enkelt bolag)"),
    "utländskt företag (3)": ("302000-1230", "börjar med 3 (utländskt företag)"),
    "a municipality's number": ("212000-0449", "är en kommuns nummer (2120…)"),
    "a region's number": ("232100-0016", "är en regions nummer (2321…)"),
    "a state agency's number": ("202100-5448", "är en statlig myndighets nummer (2021…)"),
}


def check_with(cli, tmp_path, old: str, new_number: str):
    path = tmp_path / "minimal-agreement.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace(old, f"    org_number: {new_number}\n"), encoding="utf-8")
    return cli("check", path.name, "--project", REPO, "--no-cache", cwd=tmp_path)


@pytest.mark.parametrize("number", ACCEPTED_NON_PROFITS.values(), ids=ACCEPTED_NON_PROFITS.keys())
def test_a_non_profit_of_this_form_passes(cli, tmp_path, number):
    result = check_with(cli, tmp_path, NON_PROFIT, number)
    assert "IOP303" not in result.err and "IOP302" not in result.err, result.err


@pytest.mark.parametrize(("number", "said"), REJECTED_NON_PROFITS.values(), ids=REJECTED_NON_PROFITS.keys())
def test_a_non_profit_of_this_form_is_flagged(cli, tmp_path, number, said):
    result = check_with(cli, tmp_path, NON_PROFIT, number)
    assert result.code == 1 and "error[IOP303]" in result.err and said in result.err, result.err
    assert "IOP302" not in result.err


def test_a_public_party_with_an_association_number_is_flagged(cli, tmp_path):
    result = check_with(cli, tmp_path, PUBLIC, "802456-8738")
    assert "error[IOP303]: Linköpings kommun: 802456-8738 börjar med 8 (ideell förening, stiftelse eller trossamfund)" \
        in result.err
