"""The forms of annexes 1 and 4–8 (联络表, 承诺书, 核验单, 协助函, 回复函) as .docx.

    from gaozhi_cli.letters.generate import LetterMaker, LetterRequest
    from gaozhi_cli.letters.data import read_letter_data

    request = LetterRequest.from_options("commitment", settings, catalog=Path("目录.yaml"))
    made = LetterMaker.prepare(request).make(read_letter_data(Path("张三.yaml")))
    atomic_write(Path("张三.docx"), made.docx)

forms/: one module per form (data model, example, typed builder; ``FORM``), collected by
``forms.forms()``; form: what a form is; fields: the fields several forms share; values:
display-ready values and blanks; checks: exclusion list and 代为承诺; render: sandboxed
Jinja2 with values as tokens; layout: rendered text → GB/T 9704 document (formats.gbt9704);
batch: CSV rows on every core; issue: letters numbered and registered in the ledger; job: what
``letter generate`` does, as one call; pdf: LibreOffice.
"""
