"""prose: the clause texts: `{{ expressions }}` evaluated in a sandbox, then Markdown.

`markup` (the one configured MarkdownIt and the expression filters), `sandbox`, `evaluate` (a
document's prose evaluated once), `walk` (a document's facts and its prose as text), `published`
(every text as a reader gets it) and `plain` (plain-Swedish measures). Imports: `facts`, `source`,
`model` and the base modules.
"""
