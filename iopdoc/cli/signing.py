"""The command for signed agreements: `verify`."""
from __future__ import annotations

from pathlib import Path

import click

from iopdoc.cli.main import LANG, PROJECT, ChoiceOf, main, open_project, print_diagnostics


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("--trust-root", "trust_roots", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A root certificate (PEM or DER) signatures may chain to; repeatable. Default: [signing] trust_roots.")
@click.option("--format", "output_format", type=ChoiceOf("iopdoc.cli.report", "FORMATS"), default="text",
              show_default=True, help="text for people (on standard error), json or sarif (SARIF 2.1.0) on standard output.")
@PROJECT
@LANG
def verify(pdf: Path, trust_roots: tuple[Path, ...], output_format: str, project_dir: Path | None, lang: str) -> None:
    """Verify a signed PDF: its signatures, and that it is what the source at its commit builds.

    For each signature: whether the bytes it covers are intact, who signed, when, its PAdES level,
    whether it chains to a trust root the project names, and what changed after it. Then the
    proof: the source at the commit the PDF's manifest names is built again and compared byte for
    byte. Exit status 0 when everything holds, 1 on any failure.

    \b
    Example:
      iopdoc verify signed/linkoping-kvinnojouren-2025.pdf
    """
    from iopdoc.cli import report
    from iopdoc.pipeline.verify import verify_signed_pdf

    project = open_project(project_dir, (pdf,))
    roots = tuple(trust_roots) or project.config.signing.trust_roots
    verification = verify_signed_pdf(pdf, project.root, roots)
    findings = verification.diagnostics
    if output_format == "text":
        print_diagnostics(findings, lang)
    elif output_format == "json":
        click.echo(report.as_json(findings, lang), nl=False)
    else:
        click.echo(report.as_sarif(findings, lang, root=project.root), nl=False)
    if verification.failed:
        raise SystemExit(1)
