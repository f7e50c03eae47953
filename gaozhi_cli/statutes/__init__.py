"""The statute book behind ``catalog validate``: the national laws and administrative
regulations (a snapshot of the national database), the State Council decision of 国务院令第412号,
and the texts a user adds. ``book.load_book`` reads it; ``check.check_basis`` looks one
设定依据 up in it; tools/build_statutes.py builds it."""
