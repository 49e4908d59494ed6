"""writers: a resolved document (or many agreements' schedules) turned into bytes, nothing else.

`html` (the Jinja environment and the one template context), `pdf` (WeasyPrint, the only importer
of it), `docx` and `docx_package`, `xlsx`, `ics`, `schedule` (text, CSV, JSON), `provenance` (the
manifest a built file carries). `iopdoc/formats.py` is their registry. Imports: `checks` is not
needed and not allowed; `resolve`, `prose`, `facts`, `source`, `model` and the base modules are.
"""
