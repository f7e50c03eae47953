"""Output formats in one place: validator reports (``lint``), and the shared writers that
commands use for tables, CSV and documents."""
