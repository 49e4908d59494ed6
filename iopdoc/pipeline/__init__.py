"""pipeline: the orchestration: checking and building sources, many at a time, with a cache.

`checking` (rules on a resolved source, waivers applied), `build` (resolve → check → writers →
atomic writes), `batch` and `workers` (a process pool where a crash is one source's failure),
`cache`, `publish` (the site), `serve` (the live preview), `scaffold` (`iopdoc new`) and
`starter` (`iopdoc init`). Imports: every floor below; only `cli` imports the pipeline.
"""
