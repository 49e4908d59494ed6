"""source: reading a YAML source into the model, and writing it back in the canonical layout.

The loader (positions, limits on size, nesting and aliases, Swedish YAML messages), the schema
(keys, types, enums, dates; every problem at once), ids, durations, the project settings
(`iopdoc.toml`), the JSON Schema for editors, and `fmt`'s canonical form with its comments.
Imports: `model` and the base modules only.
"""
