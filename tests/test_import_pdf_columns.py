"""A PDF printed in two columns (WeasyPrint, CSS `columns: 2`) is read column by column: the left
column's paragraphs, then the right's, with a title or a paragraph across the whole page read in
its place; a page in one column with a signature block side by side is read line by line as before."""
from __future__ import annotations

from pathlib import Path

from iopdoc.readers import read_blocks

LEFT = ["Föreningen Morgonljus har sedan 2012 arbetat med stöd till unga vuxna i Sundsvall. Verksamheten "
        "bygger på frivilliga insatser och ett nära samarbete med kommunens socialtjänst.",
        "Parterna vill med denna överenskommelse skapa långsiktiga förutsättningar för verksamheten och "
        "gemensamt utveckla arbetssätt som når fler unga."]
RIGHT = ["Kommunen bidrar med lokaler och ett årligt bidrag. Föreningen bidrar med ideella timmar, kunskap "
         "om målgruppen och ett nätverk av volontärer över hela länet.",
         "Parterna träffas två gånger per år för att följa upp arbetet. En gemensam utvärdering görs under "
         "det sista året av perioden."]
CLOSING = "Denna text står under båda spalterna och löper över hela sidans bredd, som en avslutning."


def pdf(path: Path, body: str) -> Path:
    import weasyprint

    weasyprint.HTML(string=f"""<!doctype html><html lang=sv><head><meta charset=utf-8><style>
      @page {{ size: A4; margin: 2.5cm }}
      body {{ font-family: 'DejaVu Serif'; font-size: 11pt }} p {{ margin: 0 0 0.8em 0; text-align: justify }}
      .columns {{ columns: 2; column-gap: 1.2em }} h1 {{ font-size: 16pt }} h2 {{ font-size: 13pt; break-after: avoid }}
      table {{ width: 100% }} td {{ width: 50% }}</style></head><body>{body}</body></html>""").write_pdf(str(path))
    return path


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def test_two_columns_are_read_column_by_column(tmp_path):
    path = pdf(tmp_path / "spalter.pdf", f"<h1>Överenskommelse om samverkan i Sundsvall</h1><div class=columns>"
                                         f"<h2>1. Bakgrund</h2>{paragraphs(LEFT)}<h2>2. Samverkan</h2>{paragraphs(RIGHT)}"
                                         f"</div><p>{CLOSING}</p>")
    blocks = [b for b in read_blocks(path) if b.kind != "running"]
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Överenskommelse om samverkan i Sundsvall"), ("heading", "1. Bakgrund"),
        ("paragraph", LEFT[0]), ("paragraph", LEFT[1]), ("heading", "2. Samverkan"),
        ("paragraph", RIGHT[0]), ("paragraph", RIGHT[1]), ("paragraph", CLOSING)]


def test_a_paragraph_going_on_into_the_right_column_stays_one(tmp_path):
    long = " ".join(LEFT + RIGHT)  # one paragraph, longer than a column: it breaks mid-sentence
    path = pdf(tmp_path / "lopande.pdf", f"<div class=columns><p>{long}</p><p>{long}</p></div>")
    assert [b.text for b in read_blocks(path) if b.kind != "running"] == [long, long]


def test_a_signature_block_side_by_side_on_a_page_in_one_column_is_not_split(tmp_path):
    path = pdf(tmp_path / "underskrifter.pdf",
               f"{paragraphs(LEFT)}<p>Sundsvall 2025-11-20</p><table>"
               "<tr><td>För Sundsvalls kommun</td><td>För Föreningen Morgonljus</td></tr>"
               "<tr><td>Eva Nilsson</td><td>Ola Persson</td></tr>"
               "<tr><td>Ordförande i socialnämnden</td><td>Ordförande i styrelsen</td></tr></table>")
    blocks = [b for b in read_blocks(path) if b.kind != "running"]
    assert [b.text for b in blocks[:2]] == LEFT
    joined = "\n".join(b.raw or b.text for b in blocks[2:])
    assert "För Sundsvalls kommun" in joined and joined.index("För Sundsvalls kommun") < joined.index("Eva Nilsson")
    role_line = next(line for line in joined.split("\n") if "För Sundsvalls kommun" in line)
    assert "För Föreningen Morgonljus" in role_line  # side by side, on one line, as printed
