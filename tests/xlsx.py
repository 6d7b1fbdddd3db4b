#!/usr/bin/python3
"""xlsx.py FILE [-f]: a workbook as text, read back with openpyxl (not
read-only: that mode drops validations, freeze panes and charts), for
the golden cases' check scripts to grep and diff.

    sheet NAME [hidden] freeze=A3 filter=A2:S5 titles=$1:$2 landscape paper=9 fit=1x0
    footer TEXT
    ignore number-stored-as-text RANGE
    merge A1:S1
    valid RANGE TYPE FORMULA
    chart TYPE TITLE: series CATEGORIES VALUES ...
    A1 s TEXT        a string (s), number (n), date/time (d), formula (f)
    A3 n 1 [0.00]    with -f, the number format after the value

Texts are written with \\n for a newline.  Empty cells are left out.
"""
import sys
import zipfile
import re

import openpyxl


def text(v):
    return str(v).replace("\\", "\\\\").replace("\n", "\\n")


def value(c):
    v = c.value
    if c.data_type == "d" or hasattr(v, "year"):
        if getattr(v, "hour", 0) or getattr(v, "minute", 0):
            return "d", v.strftime("%Y-%m-%d %H:%M")
        return "d", v.strftime("%Y-%m-%d")
    if c.data_type == "n":
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return "n", repr(v)
    if c.data_type == "f":
        return "f", text(v)
    return c.data_type, text(v)


def ignored(path):
    """The ignoredErrors of each sheet, from the XML (openpyxl drops it)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            m = re.match(r"xl/worksheets/sheet(\d+)\.xml$", n)
            if m:
                x = z.read(n).decode()
                r = re.findall(r'<ignoredError sqref="([^"]*)" '
                               r'numberStoredAsText="1"', x)
                out[int(m.group(1))] = r
    return out


def main():
    args = sys.argv[1:]
    fmts = "-f" in args
    args = [a for a in args if a != "-f"]
    path = args[0]
    wb = openpyxl.load_workbook(path)
    ign = ignored(path)
    for i, ws in enumerate(wb.worksheets, 1):
        ps = ws.page_setup
        line = ["sheet", ws.title]
        if ws.sheet_state != "visible":
            line.append(ws.sheet_state)
        if ws.freeze_panes:
            line.append("freeze=" + ws.freeze_panes)
        if ws.auto_filter.ref:
            line.append("filter=" + ws.auto_filter.ref)
        if ws.print_title_rows:
            line.append("titles=" + ws.print_title_rows)
        if ps.orientation:
            line.append(ps.orientation)
        if ps.paperSize:
            line.append("paper=%s" % ps.paperSize)
        if ws.sheet_properties.pageSetUpPr and \
                ws.sheet_properties.pageSetUpPr.fitToPage:
            line.append("fit=%sx%s" % (
                1 if ps.fitToWidth is None else ps.fitToWidth,
                1 if ps.fitToHeight is None else ps.fitToHeight))
        print(" ".join(line))
        if ws.oddFooter.center.text:
            print("footer", ws.oddFooter.center.text)
        for r in ign.get(i, []):
            print("ignore number-stored-as-text", r)
        for m in sorted(str(r) for r in ws.merged_cells.ranges):
            print("merge", m)
        for dv in ws.data_validations.dataValidation:
            print("valid", str(dv.sqref), dv.type, dv.formula1)
        for ch in ws._charts:
            title = ""
            try:
                title = "".join(r.t for p in ch.title.tx.rich.p
                                for r in (p.r or []))
            except AttributeError:
                pass
            ser = []
            for s in ch.series:
                cat = s.cat.numRef or s.cat.strRef if s.cat else None
                ser.append("%s %s" % (cat.f if cat else "-",
                                      s.val.numRef.f if s.val else "-"))
            print("chart", ch.tagname, title + ":", " | ".join(ser))
        for col in sorted(ws.column_dimensions):
            d = ws.column_dimensions[col]
            if d.width and "-w" in sys.argv:
                print("width", col, d.width)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                t, v = value(c)
                if fmts:
                    print(c.coordinate, t, v, c.number_format)
                else:
                    print(c.coordinate, t, v)


main()
