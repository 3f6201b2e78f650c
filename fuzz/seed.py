#!/usr/bin/env python3
"""Fills fuzz/corpus/<target>/ with seeds from tests/fixtures and the
shipped dataset (the corpora are not kept in git; run before fuzzing)."""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
TABLES = ["firms", "candidates", "projects", "problems", "monthly"]
FILES = ["tea.json", "region.json", "firms.csv", "candidates.csv", "projects.csv", "problems.csv", "monthly.csv"]


def put(target, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def small(path, limit=64 * 1024):
    data = path.read_bytes()
    return data[:limit]


datasets = [p for p in (ROOT / "tests" / "fixtures").iterdir() if p.is_dir()] + [ROOT / "chains"]
for ds in datasets:
    for f in sorted(ds.iterdir()):
        if not f.is_file():
            continue
        stem, ext = f.stem, f.suffix
        if f.name == "region.json":
            put("region_json", small(f))
        elif ext == ".json" and stem in TABLES:
            put("table_json", bytes([TABLES.index(stem)]) + small(f))
        elif ext == ".json":
            put("chain_json", small(f))
        elif ext == ".csv" and stem in TABLES:
            put("table_csv", bytes([TABLES.index(stem)]) + small(f))
        elif ext == ".xlsx" and stem in TABLES:
            put("table_xlsx", bytes([TABLES.index(stem)]) + small(f))
    chains = sorted(p for p in ds.glob("*.json") if p.name != "region.json" and p.stem not in TABLES)
    if chains:
        parts = [small(chains[0], 16 * 1024)]
        for name in FILES[1:]:
            p = ds / name
            parts.append(small(p, 16 * 1024) if p.exists() else b"")
        put("dataset", b"\0".join(parts))


def xlsx(rows):
    """A minimal workbook (one sheet, inline strings) holding `rows`."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def col(i):
        name = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            name = chr(65 + r) + name
        return name

    cells = "".join(
        '<row r="%d">%s</row>' % (r + 1, "".join(
            '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c), r + 1, escape(v)) for c, v in enumerate(row)))
        for r, row in enumerate(rows))
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % cells,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


# JSON and XLSX seeds made from the CSV tables of a few fixtures.
import csv as _csv
import io as _io
import json as _json
for ds in [ROOT / "tests" / "fixtures" / n for n in ("valid", "evil", "monitor", "recruit")]:
    for stem in TABLES:
        f = ds / (stem + ".csv")
        if not f.exists():
            continue
        rows = list(_csv.reader(_io.StringIO(f.read_text(encoding="utf-8-sig"))))[:200]
        if not rows:
            continue
        records = [dict(zip(rows[0], r)) for r in rows[1:]]
        put("table_json", bytes([TABLES.index(stem)]) + _json.dumps(records, ensure_ascii=False).encode())
        put("table_xlsx", bytes([TABLES.index(stem)]) + xlsx(rows))
print("seeded:", {d.name: len(list(d.iterdir())) for d in sorted(CORPUS.iterdir())})
