"""Fixture exports in the shapes one-stop-shop systems really write (DOMAIN.md), all holding the same rows.

- ``csv_export``: UTF-8 with a BOM, ``;``, two title rows, a "(1) (2) …" column-number row, a totals row,
  applicant columns, national TTHC codes with unit suffixes, ``dd/mm/yyyy hh:mm:ss`` dates;
- ``xlsx_export``: the same as a workbook (written here with ``zipfile``: calamine only reads), a title
  block, a two-row header from merged cells, a "Tổng số" row, a second sheet;
- ``html_xls_export``: the HTML ``<table>`` some systems save as ``.xls``: ``rowspan``/``colspan``, ``<br>``
  and double spaces in header names, "1 2 3 …" under the header, no channel column;
- ``cp1258_export``: a legacy Windows-1258 CSV with ``d-m-Y`` dates.

``EXPECTED`` is what ``qms summary --format json`` must count for 01/01/2024–01/09/2024 from them.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

# code, TTHC code as the system writes it, TTHC name, applicant, CCCD, received, due, finished, status,
# status date, channel
ROWS = [
    ("000.00.31.H26-240105-0001", "2.000477.000.00.00.H56",
     "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án đầu tư không thuộc diện chấp thuận chủ trương đầu tư",
     "Nguyễn Văn Bình", "031099001234", "05/01/2024 08:15:00", "26/01/2024 17:00:00", "20/01/2024 10:00:00",
     "Trả kết quả trước hạn", "", "Trực tuyến toàn trình"),
    ("000.00.31.H26-240110-0002", "2.002621.H56", "Điều chỉnh Giấy chứng nhận đăng ký đầu tư", "Công ty TNHH Hải An",
     "0201234567", "10/01/2024 09:00:00", "24/01/2024 17:00:00", "24/01/2024 15:30:00", "Đã trả kết quả", "",
     "Trực tuyến một phần"),
    ("000.00.31.H26-240201-0003", "QT-DT01", "", "Trần Thị Cúc", "031188004321", "01/02/2024 10:00:00",
     "22/02/2024 17:00:00", "01/03/2024 09:00:00", "Trả kết quả quá hạn", "", "Nộp trực tiếp tại Bộ phận một cửa"),
    ("000.00.31.H26-240301-00004", "", "cấp lại  giấy chứng nhận đăng ký ĐẦU TƯ", "Lê Văn Dũng", "031077009999",
     "01/03/2024 14:00:00", "", "", "Đang xử lý", "", "Qua dịch vụ bưu chính công ích"),
    ("000.00.31.H26-240820-0005", "2.000477", "", "Phạm Thị Én", "031266001111", "20/08/2024 08:00:00",
     "10/09/2024 17:00:00", "", "Yêu cầu bổ sung giấy tờ", "", "BCCI"),
    ("000.00.31.H26-240402-0006", "2.002621", "", "Hoàng Văn Gia", "031055002222", "02/04/2024 08:00:00",
     "16/04/2024 17:00:00", "", "Công dân yêu cầu rút hồ sơ", "10/04/2024 14:00:00", "Trực tiếp"),
    ("000.00.31.H26-240403-0007", "2.002621", "", "Vũ Thị Hạnh", "031044003333", "03/04/2024 08:00:00",
     "17/04/2024 17:00:00", "05/04/2024 16:00:00", "Từ chối xử lý", "", "Trực tuyến"),
    ("000.00.31.H26-240404-0008", "2.002621", "", "Đỗ Văn Inh", "031033004444", "04/04/2024 08:00:00",
     "", "", "Không được tiếp nhận", "", "Trực tiếp"),
    ("000.00.31.H26-231220-0009", "QT-DT01", "", "Bùi Thị Kim", "031022005555", "20/12/2023 08:00:00",
     "12/01/2024 17:00:00", "10/01/2024 11:00:00", "Đã xử lý xong", "", "Trực tiếp"),
]  # fmt: skip

NATIONAL_CODES = {"QT-DT01": "2.000477", "QT-DT02": "2.002621"}
"""The national TTHC codes the test store gives its procedures."""

EXPECTED = {
    "received": 8, "new": 7, "carried_over": 1, "new_online": 3, "new_direct": 4, "new_unknown": 0,
    "resolved": 4, "on_time": 3, "early": 2, "on_due_date": 1, "late": 1,
    "in_progress": 2, "not_due": 1, "overdue": 1, "withdrawn": 2, "withdrawn_only": 1, "returned": 1,
    "reconciles": True, "gap": 0,
}  # fmt: skip
"""The figures of Biểu 06 for 01/01/2024–01/09/2024: row 8 is not received, row 9 is carried over."""

PERSONAL = ("Nguyễn Văn Bình", "031099001234", "Trần Thị Cúc", "Số 5 Lạch Tray")
"""Applicant data in the files that must never reach the store."""

HEADER = ["STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Chủ hồ sơ", "Số CCCD", "Địa chỉ",
          "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Trạng thái", "Ngày cập nhật", "Hình thức nộp"]


def flat_rows() -> list[list[str]]:
    """The rows as the flat header orders them (the address is the same made-up one everywhere)."""
    return [[str(i), code, tthc, name, who, cccd, "Số 5 Lạch Tray, Hải Phòng", rec, due, fin, status, sdate, chan]
            for i, (code, tthc, name, who, cccd, rec, due, fin, status, sdate, chan) in enumerate(ROWS, start=1)]


def csv_export(path: Path) -> Path:
    """UTF-8 with BOM, ``;``, title rows, a column-number row, a totals row."""
    lines = ["BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG;;;;", "DANH SÁCH HỒ SƠ TỪ NGÀY 01/01/2024 ĐẾN NGÀY 01/09/2024;;;;",
             ";".join(HEADER), ";".join(f"({i})" for i in range(1, len(HEADER) + 1))]
    lines += [";".join(_csv_cell(cell) for cell in row) for row in flat_rows()]
    lines.append("Tổng cộng;9;;;;;;;;;;;")
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode())
    return path


def _csv_cell(cell: str) -> str:
    return f'"{cell}"' if ";" in cell or "," in cell else cell


def cp1258_export(path: Path) -> Path:
    """A Windows-1258 CSV (comma, ``d-m-Y`` dates), tone marks as combining characters as that code page has."""
    header = ["Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
              "Ngày trả kết quả", "Trạng thái", "Ngày cập nhật"]
    lines = [",".join(header)]
    for code, tthc, name, _who, _cccd, rec, due, fin, status, sdate, chan in ROWS:
        cells = [code, tthc, name, chan, _dmy(rec), _dmy(due), _dmy(fin), status, _dmy(sdate)]
        lines.append(",".join(_csv_cell(cell) for cell in cells))
    path.write_bytes(to_cp1258("\r\n".join(lines) + "\r\n"))
    return path


def _dmy(text: str) -> str:
    """``20/01/2024 10:00:00`` -> ``20-1-2024`` (the ``d-m-Y`` of some systems)."""
    if not text:
        return ""
    day, month, year = text.split()[0].split("/")
    return f"{int(day)}-{int(month)}-{year}"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters it lacks are a base letter it has plus a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        letter, marks = decomposed[0], decomposed[1:]
        for shape in "\u0302\u0306\u031b":  # circumflex, breve, horn: â ê ô ă ơ ư are in the code page
            if shape in marks and _encodable(unicodedata.normalize("NFC", letter + shape)):
                letter, marks = unicodedata.normalize("NFC", letter + shape), marks.replace(shape, "")
        out += letter.encode("cp1258") + marks.encode("cp1258")
    return bytes(out)


def _encodable(char: str) -> bool:
    try:
        char.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


def html_xls_export(path: Path) -> Path:
    """An HTML table saved as .xls: title table, merged two-row header, ``<br>``, no channel column."""
    head = (
        '<tr><th rowspan="2">STT</th><th rowspan="2">Mã  hồ sơ</th><th rowspan="2">Mã<br>TTHC</th>'
        '<th rowspan="2">Tên thủ tục<br/>hành chính</th><th rowspan="2">Chủ hồ sơ</th>'
        '<th colspan="3">Ngày</th><th rowspan="2">Trạng thái</th><th rowspan="2">Ngày cập nhật</th></tr>'
        "<tr><th>Tiếp nhận</th><th>Hẹn trả</th><th>Có kết quả</th></tr>"
        "<tr>" + "".join(f"<td>{i}</td>" for i in range(1, 11)) + "</tr>"
    )
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in (
            str(i), code, tthc, name, who, rec, due, fin, status, sdate)) + "</tr>"
        for i, (code, tthc, name, who, _cccd, rec, due, fin, status, sdate, _chan) in enumerate(ROWS, start=1)
    )
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
        '<table><tr><td colspan="10"><b>DANH SÁCH HỒ SƠ</b></td></tr></table>'
        f'<table border="1">{head}{body}<tr><td colspan="5">Tổng cộng</td><td colspan="5">9</td></tr></table>'
        "</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def xlsx_export(path: Path) -> Path:
    """The rows as a workbook: title block, merged two-row header ("Ngày" over three columns), a column-number
    row, a totals row; a second sheet after the data sheet."""
    top = ["STT", "Mã hồ sơ", "Mã TTHC", "Tên thủ tục hành chính", "Chủ hồ sơ", "Số CCCD", "Địa chỉ", "Ngày",
           "", "", "Trạng thái", "Ngày cập nhật", "Hình thức\nnộp"]
    below = ["", "", "", "", "", "", "", "Tiếp nhận", "Hẹn trả", "Trả kết quả", "", "", ""]
    numbers = [f"({i})" for i in range(1, 14)]
    data = [[int(row[0]), *row[1:]] for row in flat_rows()]
    rows = [["BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"], ["DANH SÁCH HỒ SƠ TIẾP NHẬN"], [], top, below, numbers, *data,
            ["Tổng số", "", "", "", "", "", "", "", "", "", "", "", ""]]
    merges = [f"{_column(c)}4:{_column(c)}5" for c in (0, 1, 2, 3, 4, 5, 6, 10, 11, 12)] + ["H4:J4", "A1:M1"]
    write_xlsx(path, {"Danh sách hồ sơ": rows, "Thống kê": [["Tổng", 9]]}, {"Danh sách hồ sơ": merges})
    return path


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> None:
    """A minimal Office Open XML workbook: inline strings and numbers, merged cells."""
    merges = merges or {}
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            f'main+xml"/>{overrides}</Types>'))
        archive.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{rels}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        names = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                        for i, name in enumerate(sheets, start=1))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{office}">'
            f"<sheets>{names}</sheets></workbook>"))
        links = "".join(f'<Relationship Id="rId{i}" Type="{office}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                        for i in range(1, len(sheets) + 1))
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{rels}">{links}</Relationships>')
        for i, (name, rows) in enumerate(sheets.items(), start=1):
            xml_rows = []
            for r, row in enumerate(rows, start=1):
                cells = []
                for c, value in enumerate(row):
                    ref = f"{_column(c)}{r}"
                    if isinstance(value, int | float):
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                    elif value:
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}'
                                     "</t></is></c>")
                xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
            merged = merges.get(name, [])
            merge_xml = (f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
                         + "</mergeCells>") if merged else ""
            archive.writestr(f"xl/worksheets/sheet{i}.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{"".join(xml_rows)}'
                f"</sheetData>{merge_xml}</worksheet>"))


def write_ods(path: Path, name: str, rows: list[list[str]]) -> None:
    """A minimal OpenDocument spreadsheet (string cells only)."""
    table_rows = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(cell)}</text:p></table:table-cell>'
            if cell else "<table:table-cell/>" for cell in row) + "</table:table-row>"
        for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(name)}">{table_rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
        'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml"'
        ' manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
