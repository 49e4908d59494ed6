"""site: the municipal website: the public pages' pieces, built in a folder swapped in whole.

The overview of all agreements (`overview`), the staging folder (`folder`), what a published site
must do that axe-core cannot see (`audit`), and when and from what it was published
(`publication`). `pipeline/publish.py` puts them together. Imports: `writers`, `checks` and
everything below them; never `readers`, `pipeline` or `cli`.
"""
