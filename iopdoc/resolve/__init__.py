"""resolve: a source resolved once, in one place, into the value everything downstream reads.

`project.Project.resolve(path)` loads a source, follows its links (from the working tree or a git
revision), evaluates its prose and gives a frozen `Resolved`; the schedule a document shows is
found here too. Checks, writers, the site and diff only read what it gives. Imports: `prose`,
`facts`, `source`, `model` and the base modules.
"""
