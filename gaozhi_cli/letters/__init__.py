"""The forms of annexes 1 and 4–8 (承诺书, 核验单, 协助函, 回复函, 联络表) as .docx.

    from gaozhi_cli.letters.generate import LetterMaker
    from gaozhi_cli.letters.kinds import find_kind
    from gaozhi_cli.letters.data import read_data_file

    maker = LetterMaker.prepare(find_kind("承诺书"), catalog_path=Path("目录.yaml"))
    made = maker.make(read_data_file(Path("张三.yaml")))        # checked, rendered, laid out
    atomic_write(Path("张三.docx"), made.docx)

kinds: the six forms and their template contexts; models: the data each needs (keys are the
forms' labels); checks: exclusion list and 代为承诺; render: sandboxed Jinja2 with values as
tokens; layout: rendered text → GB/T 9704 document (formats.gbt9704); batch: CSV rows on
every core; pdf: LibreOffice.
"""
