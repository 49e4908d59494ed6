"""Issue #28: the checks on a corpus of agreements and memos in real shapes (tests/corpus.py), each
written here. Every clean document gives no warning or error (the false-alarm rate, target 0), and
every wrong variant is flagged with its rule at its line (the detection rate, target 100 %). The
figures are printed with `pytest -s tests/test_corpus.py` (the last test) for the closing note."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iopdoc.pipeline.build import check_source
from iopdoc.resolve.project import Project
from iopdoc.source.config import CONFIG_NAME
from tests.conftest import REPO
from tests.corpus import TABLE, Agreement, Party, Shape, Variant, memo, org_number

KOMMUN = Party("kommunen", "Norrbyns kommun", "public", org_number("212000247"), "ger ekonomiskt stöd till verksamheten",
               "För socialnämnden", "Karin Lund", "socialnämnden")
REGION = Party("regionen", "Region Mellanland", "public", org_number("232100016"), "bidrar med hälso- och sjukvårdens kunskap",
               "För regionstyrelsen", "Olle Berg")
JOUR = Party("jouren", "Brottsofferjouren Norrbyn", "non-profit", org_number("802419734"), "ger stöd till brottsutsatta",
             "För Brottsofferjouren", "Per Holm")
MISSION = Party("missionen", "Stadsmissionen i Mellanland", "non-profit", org_number("802010498"),
                "driver ett dagcenter för personer i hemlöshet", "För Stadsmissionen", "Lena Sand")
KLUBB = Party("klubben", "Norrbyns IF", "non-profit", org_number("802005178"), "håller öppna träningar för unga",
              "För Norrbyns IF", "Ali Khan")
FRITID = Party("kommunen", "Södervikens kommun", "public", org_number("212000187"), "upplåter idrottshallen kvällstid",
               "För kultur- och fritidsnämnden", "Maja Öst", "kultur- och fritidsnämnden")
KVINNOJOUR = Party("kvinnojouren", "Kvinnojouren Solrosen", "non-profit", org_number("802447222"),
                   "erbjuder skyddat boende och stödsamtal", "För Kvinnojouren", "Sara Lind")
HEMBYGD = Party("foreningen", "Västerby hembygdsförening", "non-profit", org_number("817600332"),
                "håller hembygdsgården öppen för besökare", "För hembygdsföreningen", "Gun Dal")
STUDIE = Party("studieforbundet", "Studieförbundet Framsteg", "non-profit", org_number("802003619"),
               "ordnar språkcaféer för nyanlända", "För Studieförbundet", "Nils Ek")
PATIENT = Party("foreningen", "Mellanlands diabetesförening", "non-profit", org_number("802015893"),
                "ordnar träffar för personer med diabetes", "För Diabetesföreningen", "Kim Ros")

BASE = dict(parties=(KOMMUN, JOUR), start="2026-01-01", end="2028-12-31", stated="tre år", notice="sex månader",
            amounts={"kommunen": 400000, "jouren": 100000}, price_level=2026, place="Norrbyn", signed="2025-11-20",
            purpose="Att brottsutsatta i kommunen får stöd.")


def agreement(id: str, **changes) -> str:
    return Agreement(id=id, **(BASE | changes)).yaml()


SHAPES = [
    Shape("norrbyn-brottsofferjouren-2026", agreement("norrbyn-brottsofferjouren-2026", in_kind=("jouren", 250, 400)), variants=(
        Variant("wrong-total", "    amount: 500000\n", "    amount: 550000\n", "IOP201", "amount: 550000"),
        Variant("check-digit", f"org_number: {JOUR.number}", "org_number: 802419-7340", "IOP302"),
        Variant("place-left-as-in-the-template", "  place: Norrbyn\n", "  place: (ort)\n", "IOP601", "place: (ort)"),
    )),
    Shape("mellanland-stadsmissionen-2026", agreement(
        "mellanland-stadsmissionen-2026", parties=(REGION, KOMMUN, MISSION), start="2026-07-01", end="2029-06-30",
        amounts={"regionen": 300000, "kommunen": 600000, "missionen": 150000}, place="Mellanby", signed="2026-05-12",
        purpose="Att personer i hemlöshet får mat, vila och stöd.",
        duration_prose="\nPartnerskapet löper under tre år.").replace(
            "  payment: en gång per år i januari\n", "  payment: en gång per år i januari\n  part_years: months\n"), variants=(
        Variant("duration-in-prose", "Partnerskapet löper under tre år.", "Partnerskapet löper under fyra år.", "IOP103",
                "under fyra år"),
        Variant("third-party-not-shown", " och {{ parties.missionen.name }} (organisationsnummer {{ parties.missionen.org_number }})",
                " och {{ parties.missionen.name }}", "IOP405", f"org_number: {MISSION.number}"),
    )),
    Shape("sodervik-norrbyns-if-2026", agreement(
        "sodervik-norrbyns-if-2026", parties=(FRITID, KLUBB), start="2026", end="2027", stated="två år",
        amounts={"kommunen": 120000}, total=False, place="Södervik", signed="2025-12-01",
        purpose="Att fler unga idrottar på kvällarna.",
        extra_prose="\nKlubben får alltså 120 000 kronor per år."), variants=(
        Variant("amount-in-prose-off", "Klubben får alltså 120 000 kronor per år.", "Klubben får alltså 125 000 kronor per år.",
                "IOP205", "125 000 kronor"),
        Variant("stated-duration", "  stated_duration: två år\n", "  stated_duration: tre år\n", "IOP103", "stated_duration: tre år"),
    )),
    Shape("solrosen-tills-vidare", agreement(
        "solrosen-tills-vidare", parties=(KOMMUN, KVINNOJOUR), end=None, stated=None, notice="tolv månader",
        amounts={"kommunen": 800000}, total=False, purpose="Att våldsutsatta kvinnor och barn får skydd och stöd.",
        extra_facts="termination:\n  by: kvinnojouren\n  given: 2030-03-12",
        duration_prose="\nKvinnojouren sade upp överenskommelsen den {{ termination.given | long_date }}."), variants=(
        Variant("notice-date-written-by-hand", "den {{ termination.given | long_date }}.", "den 14 mars 2030.", "IOP108",
                "14 mars 2030"),
    )),
    Shape("vasterby-hembygdsgarden-2025", agreement(
        "vasterby-hembygdsgarden-2025", parties=(KOMMUN, HEMBYGD), start="2025-01-01", end="2029-12-31", stated="fem år",
        amounts={"kommunen": 45000, "foreningen": 30000}, price_level=2025, signed="2024-11-02",
        purpose="Att hembygdsgården är öppen för alla.", duration_prose="\nDet är en femårig överenskommelse."), variants=(
        Variant("adjective-duration", "Det är en femårig överenskommelse.", "Det är en fyraårig överenskommelse.", "IOP103",
                "fyraårig"),
        Variant("start-after-end", "  start: 2025-01-01\n", "  start: 2030-01-01\n", "IOP102", "end: 2029-12-31"),
    )),
    Shape("sodervik-sprakcafe-2026", agreement(
        "sodervik-sprakcafe-2026", parties=(FRITID, STUDIE), amounts={"kommunen": 1100000}, total=False, place="Södervik",
        purpose="Att nyanlända övar svenska i vardagen.",
        extra_prose="\nBidraget är 1 100 tkr per år, drygt en miljon kronor."), variants=(
        Variant("tkr-off", "Bidraget är 1 100 tkr per år", "Bidraget är 1 150 tkr per år", "IOP205", "1 150 tkr"),
        Variant("drygt-below", "drygt en miljon kronor", "drygt 1,5 miljoner kronor", "IOP205", "drygt 1,5 miljoner"),
    )),
    Shape("mellanland-diabetes-2026", agreement(
        "mellanland-diabetes-2026", parties=(REGION, PATIENT), start="2026-01-01", end="2027-12-31", stated="två år",
        notice="tre månader", amounts={"regionen": 2000000}, total=False, place="Mellanby",
        purpose="Att personer med diabetes möter andra i samma situation.",
        extra_prose="\nRegionen bidrar alltså med två miljoner kronor per år."), variants=(
        Variant("words-off", "bidrar alltså med två miljoner kronor", "bidrar alltså med tre miljoner kronor", "IOP205",
                "tre miljoner kronor"),
    )),
    Shape("norrbyn-jouren-2029", agreement(
        "norrbyn-jouren-2029", start="2029-01-01", end="2031-12-31", amounts={"kommunen": 450000, "jouren": 100000},
        price_level=2029, signed="2028-11-20",
        background="Enligt den förra överenskommelsen var kommunens bidrag 400 000 kronor per år.",
        extra_facts="figures:\n  tidigare:\n    label: Kommunens bidrag enligt föregående överenskommelse\n    amount: 400000\n"
                    "    year: 2028",
        extra_prose="\nKommunens bidrag ökar därmed med 50 000 kronor per år."), variants=(
        Variant("change-off", "ökar därmed med 50 000 kronor", "ökar därmed med 60 000 kronor", "IOP205", "60 000 kronor"),
    )),
    Shape("norrbyn-jouren-per-invanare", agreement(
        "norrbyn-jouren-per-invanare", amounts={"kommunen": 416000, "jouren": 100000},
        extra_facts="figures:\n  taxa:\n    label: Bidrag per kommuninvånare\n    amount: 8\n    per: kommuninvånare\n"
                    "    count: 52000",
        extra_prose="\nKommunens bidrag motsvarar 8 kronor per kommuninvånare."), variants=(
        Variant("rate-times-count", "    count: 52000", "    count: 50000", "IOP209", "count: 50000"),
    )),
    Shape("norrbyn-jouren-forlangd", agreement(
        "norrbyn-jouren-forlangd", start="2023-01-01", end="2025-12-31", price_level=2023, signed="2022-11-20",
        extra_facts="extended:\n  decided: 2025-05-20\n  end: 2027-12-31",
        duration_prose="\nÖverenskommelsen förlängdes den {{ extended.decided | long_date }} till och med "
                       "{{ extended.end | long_date }}.") .replace("  notice: sex månader\n",
                                                                  "  notice: sex månader\n  extension: två år\n"),
        variants=(
        Variant("extension-beyond-the-option", "  end: 2027-12-31\n", "  end: 2028-12-31\n", "IOP114", "end: 2028-12-31"),
    )),
    Shape("mellanland-regionen-tre-parter", agreement(
        "mellanland-regionen-tre-parter", parties=(REGION, KOMMUN, JOUR),
        amounts={"regionen": 200000, "kommunen": 400000, "jouren": 100000}, place="Mellanby",
        background="Partnerskapet bygger på kommunens program (se bilaga 1) och regionens handlingsplan."), variants=(
        Variant("template-name-left", "regionens handlingsplan.", "[namn] handlingsplan.", "IOP601", "[namn]"),
    )),
    Shape("norrbyn-jouren-citat", agreement(
        "norrbyn-jouren-citat",
        background="Kommunens program säger att ”stöd ska ges tillsammans med civilsamhället …, i hela kommunen.”"), variants=(
        Variant("ellipsis-as-a-gap", "Att brottsutsatta i kommunen får stöd.", "Att brottsutsatta i … får stöd.", "IOP601", "i … får"),
    )),
    Shape("sodervik-if-utkast", agreement(
        "sodervik-if-utkast", parties=(FRITID, KLUBB), status="draft", amounts={"kommunen": 90000}, total=False,
        place="Södervik", purpose="Att fler flickor börjar spela fotboll."), variants=(
        Variant("xxxx-in-a-draft", "Att fler flickor börjar spela fotboll.", "Att XXXX flickor börjar spela fotboll.",
                "IOP601", "XXXX"),
    )),
    Shape("norrbyn-jouren-cirka", agreement(
        "norrbyn-jouren-cirka", amounts={"kommunen": 2200000, "jouren": 100000},
        extra_prose="\nKommunens del är drygt 2 mnkr, knappt 2,5 miljoner kronor och cirka 2,1 mnkr."), variants=(
        Variant("knappt-above", "knappt 2,5 miljoner kronor", "knappt 2,1 miljoner kronor", "IOP205", "knappt 2,1"),
    )),
    Shape("mellanland-mission-deltid", agreement(
        "mellanland-mission-deltid", parties=(KOMMUN, MISSION), start="2026-04-01", end="2027-12-31", stated=None,
        amounts={"kommunen": 240000}, total=False, purpose="Att personer i hemlöshet får ett dagcenter.",
        duration_prose="\nÖverenskommelsen gäller i knappt två år.").replace(
            "  payment: en gång per år i januari\n", "  payment: en gång per år i januari\n  part_years: months\n"), variants=(
        Variant("knappt-too-short", "gäller i knappt två år.", "gäller i knappt ett år.", "IOP103", "knappt ett år"),
    )),
    Shape("solrosen-2026", agreement(
        "solrosen-2026", parties=(KOMMUN, KVINNOJOUR), amounts={"kommunen": 900000}, total=False,
        purpose="Att våldsutsatta kvinnor får skydd.",
        background="Föreningen har funnits i över tjugo år och har sedan 2019 ett skyddat boende."), variants=(
        Variant("commitments-not-shown", "      {{ parties.kvinnojouren.commitments | bullets }}\n", "      Se bilaga.\n",
                "IOP405", f"      - {KVINNOJOUR.commitment}"),
    )),
    Shape("norrbyn-jouren-tre-ar-sammanlagt", agreement(
        "norrbyn-jouren-tre-ar-sammanlagt",
        extra_prose="\nUnder 2026–2028 bidrar kommunen med sammanlagt 1 200 000 kronor, och under åren 2027 och "
                    "2028 jouren med 200 000 kronor."), variants=(
        Variant("sum-over-the-years-off", "sammanlagt 1 200 000 kronor", "sammanlagt 1 300 000 kronor", "IOP222",
                "1 300 000 kronor"),
    )),
    Shape("memo-budgetram", memo(
        "memo-budgetram", "Norrbyns kommun", "SN 2025/0412", "2025-10-01", table=TABLE,
        figures="figures:\n  budgetram:\n    label: Socialnämndens budgetram 2026\n    amount: 52300000\n",
        economy_prose="Socialnämndens budgetram uppgår till 52 300 tkr. Ramen för 2026 blir 300 tkr, varav 10 tkr i "
                      "indexuppräkning."), kind="memo", variants=(
        Variant("table-figure-off", "varav 10 tkr i", "varav 12 tkr i", "IOP509", "12 tkr"),
    )),
    Shape("memo-ks-punkt", memo("memo-ks-punkt", "Södervikens kommun", "KS 2023.123", "2025-09-15"), kind="memo", variants=(
        Variant("no-year-in-the-dnr", "diarienummer: KS 2023.123", "diarienummer: KS 123", "IOP506", "KS 123"),
    )),
    Shape("memo-tvasiffrigt-ar", memo(
        "memo-tvasiffrigt-ar", "Mellanlands kommun", "SN 25/0113", "2025-09-15", table=TABLE,
        figures="figures:\n  indexbas:\n    label: Indexunderlag\n    amount: 290000\n",
        economy_prose="Indexunderlaget är 290 tkr. Förra året fick föreningen 270 tkr."), kind="memo", variants=(
        Variant("figure-labelled-as-a-row", "    label: Indexunderlag\n    amount: 290000\n",
                "    label: Ram 2025\n    amount: 280000\n", "IOP509", "amount: 280000"),
    )),
    Shape("memo-ksn", memo("memo-ksn", "Västerby kommun", "KSN-2019-0877", "2025-09-15"), kind="memo",
          config="[memo]\ndiarienummer_pattern = 'KSN-\\d{4}-\\d{1,5}'\n", variants=(
        Variant("not-the-projects-pattern", "diarienummer: KSN-2019-0877", "diarienummer: KS 2019/0877", "IOP506",
                "KS 2019/0877"),
    )),
    Shape("memo-snedstreck-kolon", memo("memo-snedstreck-kolon", "Österby kommun", "KS/2023:123", "2025-09-15",
                                        summary="Förvaltningen föreslår ett partnerskap med Stadsmissionen (se bilaga)."),
          kind="memo"),
    Shape("memo-utan-serie", memo("memo-utan-serie", "Norrby kommun", "2018/00017", "2025-09-15"), kind="memo"),
]


def check(shape: Shape, text: str, tmp_path: Path) -> list:
    project = tmp_path / "project"
    (project / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", project / "templates", dirs_exist_ok=True)
    (project / CONFIG_NAME).write_text(shape.config, encoding="utf-8")
    path = project / "sources" / f"{shape.id}.yaml"
    path.write_text(text, encoding="utf-8")
    _, _, findings = check_source(Project(project), path)
    return findings


def alarms(findings: list) -> list[str]:
    """Warnings and errors: what an officer must act on (information is not an alarm)."""
    return [d.format() for d in findings if d.severity.value != "info"]


def test_the_corpus_has_twenty_documents_in_varied_shapes():
    assert len(SHAPES) >= 20 and len({shape.id for shape in SHAPES}) == len(SHAPES)
    assert sum(shape.kind == "memo" for shape in SHAPES) >= 5
    assert sum(len(shape.variants) for shape in SHAPES) >= 20


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.id for shape in SHAPES])
def test_a_clean_document_gives_no_alarm(shape, tmp_path):
    assert alarms(check(shape, shape.text, tmp_path)) == []


VARIANTS = [(shape, variant) for shape in SHAPES for variant in shape.variants]


@pytest.mark.parametrize(("shape", "variant"), VARIANTS, ids=[f"{s.id}-{v.name}" for s, v in VARIANTS])
def test_a_wrong_variant_is_flagged_with_its_rule_at_its_line(shape, variant, tmp_path):
    found = check(shape, variant.apply(shape.text), tmp_path)
    assert (variant.code, variant.line(shape.text)) in {(d.code, d.location.line) for d in found}, \
        [d.format() for d in found]


def test_rates(tmp_path, capsys):
    """The figures for the closing note: false alarms on the clean documents, detection on the variants."""
    clean = [check(shape, shape.text, tmp_path / shape.id) for shape in SHAPES]
    clean_alarms = sum(bool(alarms(found)) for found in clean)
    findings = sum(len(alarms(found)) for found in clean)
    information = sum(d.severity.value == "info" for found in clean for d in found)
    detected = sum((v.code, v.line(s.text)) in {(d.code, d.location.line) for d in check(s, v.apply(s.text), tmp_path / v.name)}
                   for s, v in VARIANTS)
    memos = sum(shape.kind == "memo" for shape in SHAPES)
    with capsys.disabled():
        print(f"\ncorpus: {len(SHAPES)} documents ({len(SHAPES) - memos} agreements, {memos} memos), {clean_alarms} with a "
              f"false alarm ({clean_alarms / len(SHAPES):.0%}; {findings} warnings or errors, {information} information); "
              f"{detected}/{len(VARIANTS)} wrong variants flagged with their rule at their line ({detected / len(VARIANTS):.0%})")
    assert clean_alarms == 0 and detected == len(VARIANTS)
