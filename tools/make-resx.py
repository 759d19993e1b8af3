#!/usr/bin/env python3
"""Writes src/CopyrightLedger.Web/Resources/SharedResource{,.zh-Hans}.resx from tools/strings.tsv,
the one table of UI strings (key, English, Simplified Chinese). Run after editing the table."""
import csv, os, sys
from xml.sax.saxutils import escape

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "strings.tsv"), encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
head = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
out = os.path.join(here, "..", "src", "CopyrightLedger.Web", "Resources")
for column, suffix in (("en", ""), ("zh-Hans", ".zh-Hans")):
    with open(os.path.join(out, f"SharedResource{suffix}.resx"), "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        for r in rows:
            if not r[column]:
                sys.exit(f"{r['key']}: no {column} text")
            f.write(f'  <data name="{escape(r["key"])}" xml:space="preserve"><value>{escape(r[column])}</value></data>\n')
        f.write("</root>\n")
print(f"{len(rows)} strings")
