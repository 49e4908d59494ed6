"""The diff as a standalone HTML redline: every change shown, readable and printable without colour.

Inserted words are `<ins>` (underlined), deleted words `<del>` (struck through), each starting
with a visually hidden "Tillagt:" or "Borttaget:" for screen readers; a legend says what the
marks mean. The page has no scripts and loads nothing, so it can be attached or archived as it is.
"""
from __future__ import annotations

from html import escape

from iopdoc.diff.changes import DocumentDiff, FactChange, SectionChange, Unit
from iopdoc.diff.describe import fact_units, is_short, section_line, shown, shown_units, sides, title

STYLE = """
:root { color-scheme: light; }
body { font-family: "Liberation Sans", Arial, sans-serif; line-height: 1.5; margin: 2rem auto; max-width: 50rem;
       padding: 0 1rem; color: #111; background: #fff; }
ins { text-decoration: underline; text-decoration-thickness: 2px; background: #e6f4ea; }
del { text-decoration: line-through; text-decoration-thickness: 2px; background: #fdecea; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
                   clip-path: inset(50%); white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #777; padding: .3rem .5rem; text-align: left; vertical-align: top; }
.elided { color: #444; }
section.change { border-top: 1px solid #999; margin-top: 1.5rem; }
@media print {
  @page { size: A4; margin: 20mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  ins, del { background: none; }
  section.change { break-inside: auto; }
  h2, h3, h4 { break-after: avoid; }
}
"""
MARKS = {"+": ("ins", "Tillagt: "), "-": ("del", "Borttaget: ")}
LEGEND = ("<p>Tillagd text är <ins><span class=\"visually-hidden\">Tillagt: </span>understruken</ins>, "
          "borttagen text är <del><span class=\"visually-hidden\">Borttaget: </span>genomstruken</del>. "
          "Texten i avsnitten visas med fakta insatta, så som den skrivs under.</p>")


def unit_html(unit: Unit) -> str:
    parts = []
    for op, text in unit:
        if op == "=":
            parts.append(escape(text))
        else:
            tag, label = MARKS[op]
            parts.append(f'<{tag}><span class="visually-hidden">{label}</span>{escape(text)}</{tag}>')
    return " ".join(parts)


def units_html(units: tuple[Unit, ...], context: int = 1) -> str:
    paragraphs = []
    for unit in shown_units(units, context):
        if unit is None:
            paragraphs.append('<p class="elided">[oförändrad text utelämnad]</p>')
        else:
            paragraphs.append(f"<p>{unit_html(unit)}</p>")
    return "\n".join(paragraphs)


def value_html(value, op: str) -> str:
    if value is None:
        return "–"
    return unit_html(((op, shown(value)),))


def facts_html(facts: tuple[FactChange, ...], level: int) -> str:
    rows, long = [], []
    for change in facts:
        if is_short(change):
            rows.append(f'<tr><th scope="row">{escape(change.label)}</th><td>{value_html(change.old, "-")}</td>'
                        f'<td>{value_html(change.new, "+")}</td></tr>')
        else:
            long.append(f"<h{level + 1}>{escape(change.label)}</h{level + 1}>\n{units_html(fact_units(change))}")
    table = ""
    if rows:
        table = ('<table>\n<thead><tr><th scope="col">Faktum</th><th scope="col">Före</th><th scope="col">Efter</th>'
                 "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    return f"<h{level}>Fakta som ändrats</h{level}>\n{table}\n" + "\n".join(long)


def section_html(change: SectionChange, level: int) -> str:
    body = units_html(change.units) if change.status != "moved" else "<p>Texten är oförändrad.</p>"
    return f'<section class="change">\n<h{level}>{escape(section_line(change))}</h{level}>\n{body}\n</section>'


def document_html(diff: DocumentDiff, level: int, legend: str = "") -> str:
    parts = [f"<h{level}>{escape(title(diff))}</h{level}>", f"<p>{escape(sides(diff))}</p>", legend]
    if diff.empty:
        parts.append("<p>Inga ändringar i fakta eller avsnitt (bara i hur källan är skriven).</p>")
    if diff.facts:
        parts.append(facts_html(diff.facts, level + 1))
    if diff.sections:
        parts.append(f"<h{level + 1}>Avsnitt</h{level + 1}>")
        parts.extend(section_html(change, level + 2) for change in diff.sections)
    return "\n".join(part for part in parts if part)


def render_html(diffs: list[DocumentDiff], base: str | None = None) -> str:
    """One standalone page: a single document's redline, or each document's under a common heading."""
    if len(diffs) == 1 and not base:
        page_title, body = title(diffs[0]), document_html(diffs[0], 1, LEGEND)
    else:
        page_title = f"Ändringar sedan {base}" if base else "Ändringar"
        documents = "\n".join(document_html(diff, 2) for diff in diffs) or "<p>Inga källor har ändrats.</p>"
        body = f"<h1>{escape(page_title)}</h1>\n{LEGEND}\n{documents}"
    return (f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(page_title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")
