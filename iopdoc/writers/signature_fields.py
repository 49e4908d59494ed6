"""Empty signature fields over the signatories' lines, so a signing service or a PDF reader signs in place.

WeasyPrint lays out and tags form widgets but makes no signature fields. So each signatory's line
(`.signature-line` in the signature block, in the order of the signatories) gets a box-shaped
`<input>` that WeasyPrint places, tags as a `Form` structure element (PDF/UA-1, 7.18.4) and
gives the tooltip `/TU`; a finisher then turns each such widget into an empty signature field
(`/FT /Sig`) named after the party's handle, with an empty appearance. Checkboxes, not text
inputs: a text input makes WeasyPrint embed a whole font for its default appearance.

The `Form` element's `/K` is made the object reference itself rather than a one-element array, so
pyHanko's difference analysis recognises the widget there when a later signature fills its field.
"""
from __future__ import annotations

from dataclasses import dataclass

from iopdoc.errors import BuildError, Location, error

LINE_CLASS = "signature-line"
# Drawn nowhere, sized by the line's box: the field covers the space above the line.
INPUT_STYLE = ("appearance: auto; display: block; box-sizing: border-box; width: 100%; height: 100%; "
               "margin: 0; padding: 0; border: 0; background: none")


@dataclass(frozen=True)
class SignatureField:
    """One signatory's field: `name` is the party's handle, `tooltip` says whose signature it is."""

    name: str
    tooltip: str


def add_field_inputs(root, fields: tuple[SignatureField, ...], name: str) -> None:
    """Put one input per field in the signature lines of the HTML tree WeasyPrint parsed (`root`).

    The template must show one `.signature-line` per signatory, in the source's order; where it
    does not, that is said (IOP051) rather than fields placed over the wrong names."""
    import xml.etree.ElementTree as ElementTree

    lines = [element for element in root.iter() if LINE_CLASS in (element.get("class") or "").split()]
    if len(lines) != len(fields):
        raise BuildError([error(
            "IOP051", Location(name),
            f"underskriftsfälten behöver en `.{LINE_CLASS}` per undertecknare i underskriftsblocket; mallen visar "
            f"{len(lines)}, källan har {len(fields)} undertecknare.",
            f"the signature fields need one `.{LINE_CLASS}` per signatory in the signature block; the template "
            f"shows {len(lines)}, the source has {len(fields)} signatories.")])
    namespace = root.tag.partition("}")[0] + "}" if root.tag.startswith("{") else ""
    for line, field in zip(lines, fields):
        ElementTree.SubElement(line, namespace + "input", {
            "type": "checkbox", "name": field.name, "title": field.tooltip, "style": INPUT_STYLE})


def signature_field_finisher(fields: tuple[SignatureField, ...]):
    """A WeasyPrint finisher turning the inputs `add_field_inputs` placed into empty signature fields."""
    names = {field.name for field in fields}

    def finish(document, pdf) -> None:
        import pydyf

        for number, item in enumerate(pdf.objects):
            if not isinstance(item, pydyf.Dictionary):
                continue
            if item.get("FT") == "/Btn" and _text(item.get("T")) in names:
                look = pdf.objects[int(bytes(item["AP"]["N"]["on"]).split()[0])]
                look.stream = []  # the check mark's stream, emptied: an unsigned field shows nothing
                for key in ("AS", "V", "MK", "Ff"):
                    item.pop(key, None)
                item["FT"] = "/Sig"
                item["AP"] = pydyf.Dictionary({"N": look.reference})
            elif item.get("S") == "/Form" and isinstance(item.get("K"), pydyf.Array) and len(item["K"]) == 1:
                item["K"] = item["K"][0]
        form = pdf.catalog.get("AcroForm")
        if form is not None:
            form.pop("NeedAppearances", None)  # nothing to draw; PDF/A forbids it

    return finish


def _text(value) -> str | None:
    """A pydyf string's text (WeasyPrint writes field names as pydyf.String)."""
    return getattr(value, "string", None) if value is not None and not isinstance(value, str) else value
