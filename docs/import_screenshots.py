"""Regenerate the import screenshots in docs/: the column mapping dialog and the import report.

Run under a virtual display so that the windows are real:

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/import_screenshots.py
"""

from __future__ import annotations

import shots

HERE = shots.HERE
TABLE = (
    "id,headline,body,published,paper,section,author\n"
    '1,Kabinet twijfelt over Huawei,"Het kabinet twijfelt nog over de rol van Huawei in het nieuwe '
    'mobiele netwerk. De Tweede Kamer wil dat de minister snel een besluit neemt.",2020-02-12,'
    "NRC,Binnenland,Anna de Vries\n"
    '2,Operators count the cost,"Mobile operators in Europe expect billions in extra costs if they '
    'must replace equipment.",1 March 2020,Financial Times,Companies,Sam Lee\n'
    '3,Huawei barred from 5G core,"The government said on Sunday that Huawei would be kept out of '
    'the core of the 5G network.",2020-01-05,The Guardian,World news,John Smith\n'
    "4,Zonder tekst,,2020-01-06,AD,Economie,\n"
)


def main() -> int:
    app, scratch = shots.start()
    from claimdesk.core import Project
    from claimdesk.formats.import_report import file_results
    from claimdesk.formats.importing import import_paths
    from claimdesk.formats.table_rows import preview_table
    from claimdesk.ui import open_main_window
    from claimdesk.ui.dialogs import ImportReportDialog
    from claimdesk.ui.importing import TableMappingDialog

    table = scratch / "articles.csv"
    table.write_text(TABLE, encoding="utf-8")
    (scratch / "scan.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << >> garbage")
    path = scratch / "study.claimdesk"
    Project.create(path).close()
    window = open_main_window(path)
    window.resize(1400, 900)
    shots.settle(app)

    dialog = TableMappingDialog(table.name, preview_table(table), None, window)
    dialog.combos["source"].setCurrentText("paper")
    dialog.show()
    shots.settle(app)
    dialog.grab().save(str(HERE / "screenshot-import-mapping.png"))
    mapping = dialog.mapping()
    dialog.close()

    report = import_paths(window.project, [table, scratch / "scan.pdf"], mapping=mapping)
    window._import_done(report)
    shots.settle(app)
    report_dialog = window.findChild(ImportReportDialog)
    if report_dialog is None:
        report_dialog = ImportReportDialog(report.summary(), file_results(report), window)
    report_dialog.show()
    shots.settle(app)
    report_dialog.grab().save(str(HERE / "screenshot-import-report.png"))
    report_dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
