"""iopdoc: IOP agreements and their decision memos kept as structured sources, built to HTML and PDF."""

__version__ = "0.1.0"
