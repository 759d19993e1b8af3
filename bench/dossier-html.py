#!/usr/bin/env python3
"""The peer of `ledger dossier` in bench/dossier.sh: `python3 bench/dossier-html.py CASEFOLDER OUT.html` writes the
dossier's content as one HTML page with print CSS (A4, the PDF's margins and type size, a page break before each
section and each exhibit page), for `chromium --headless --print-to-pdf` to typeset.

It reads what the app reads: the PNGs' own `parameters` text (grouped into runs the way the importer groups them:
consecutive files whose prompt, negative prompt and parameters differ only in the seed), case.json and notes/*.md.
Same sections and text as the PDF: cover table, contents, assessment with the 12-factor table (placeholder scores)
and the run-to-run evidence list, the narrative, the timeline, one section per run (settings table, prompt with
its diff against the previous run, negative prompt, thumbnails), the edits, the notes, the exhibit list with every
file's SHA-256, a page per selected, edited and final file, and the integrity appendix (placeholder chain values).
Images are the original PNGs referenced by path and shown at the PDF's sizes (thumbnail rows 96 pt high, exhibit
pages at most 420 x 440 pt). Not reproduced: the QR code, the edits' difference maps, page numbers in the contents,
the PDF outline, attached originals, PDF/A, signing."""
import hashlib, html, json, os, re, struct, sys, zlib
from datetime import datetime, timezone

case_dir, out = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
e = html.escape
case = json.load(open(os.path.join(case_dir, "case.json"), encoding="utf-8"))
profile = json.load(open(os.path.join(ROOT, "profiles", case.get("jurisdiction", "cn-bic") + ".json"), encoding="utf-8"))
NAMES = ["Record integrity and contemporaneity", "Prior conception", "Prompt design", "Parameter and model control",
         "Directed iteration", "Selection and curation", "Human edits", "Own inputs perceptible in the output",
         "Reproducibility", "Distinct from prior works", "Who the author is", "Rights terms and disclosure"]


def png_info(path):
    """Width, height and the text chunks of a PNG."""
    data = open(path, "rb").read()
    w, h = struct.unpack(">II", data[16:24])
    texts, pos = {}, 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"tEXt":
            k, v = body.split(b"\0", 1); texts[k.decode("latin-1")] = v.decode("latin-1")
        elif kind == b"zTXt":
            k, v = body.split(b"\0", 1); texts[k.decode("latin-1")] = zlib.decompress(v[1:]).decode("latin-1")
        elif kind == b"iTXt":
            k, rest = body.split(b"\0", 1)
            comp, rest = rest[0], rest[2:]
            _, rest = rest.split(b"\0", 1); _, v = rest.split(b"\0", 1)
            texts[k.decode("latin-1")] = (zlib.decompress(v) if comp else v).decode("utf-8")
        elif kind == b"tIME":
            texts["_time"] = "%04d-%02d-%02dT%02d:%02d:%02dZ" % struct.unpack(">HBBBBB", body)
        elif kind == b"IEND":
            break
        pos += 12 + n
    return w, h, texts, hashlib.sha256(data).hexdigest(), len(data)


def a1111(text):
    """prompt, negative prompt, {parameter: value} of an A1111 infotext."""
    lines = text.split("\n")
    params = dict(re.findall(r"\s*([^:,]+):\s*([^,]+)", lines[-1]))
    body = "\n".join(lines[:-1])
    prompt, _, neg = body.partition("\nNegative prompt: ")
    if body.startswith("Negative prompt: "): prompt, neg = "", body[17:]
    return prompt.strip(), neg.strip(), params, lines[-1]


def elements(prompt):
    return [x.strip(" ()[]") for x in prompt.split(",") if x.strip(" ()[]")]


# Files in name order, each with its exhibit number; runs as the importer forms them.
files = []
for dirpath, _, names in os.walk(os.path.join(case_dir, "images")):
    for n in names:
        p = os.path.join(dirpath, n)
        files.append((os.path.relpath(p, case_dir).replace(os.sep, "/"), p))
files.sort()
exhibits, runs = [], []
finals, chosen = set(case.get("finals", [])), {s["file"]: s for s in case.get("selections", [])}
edited = {x["to"] for x in case.get("edits", [])}
for i, (rel, p) in enumerate(files):
    w, h, texts, sha, size = png_info(p)
    x = {"n": f"CL-{i + 1:06d}", "rel": rel, "path": os.path.abspath(p), "name": os.path.basename(p), "w": w, "h": h, "sha": sha, "size": size,
         "time": texts.get("_time", "—"), "role": "final" if rel in finals else "edited" if rel in edited else "output" if "parameters" in texts else "other", "run": None}
    if "parameters" in texts:
        prompt, neg, params, line = a1111(texts["parameters"])
        key = (prompt, neg, {k: v for k, v in params.items() if k not in ("Seed", "Batch pos")})
        seed = int(params.get("Seed", "0"))
        last = runs[-1] if runs else None
        if last and last["key"] == key and last["seed"] + len(last["files"]) == seed:
            last["files"].append(x)
        else:
            runs.append({"key": key, "seed": seed, "prompt": prompt, "neg": neg, "params": params, "line": line, "files": [x],
                         "time": texts.get("_time", "—")})
        x["run"] = runs[-1]
    exhibits.append(x)
by_rel = {x["rel"]: x for x in exhibits}
for i, r in enumerate(runs): r["seq"] = i + 1

captured = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
head = hashlib.sha256("".join(x["sha"] for x in exhibits).encode()).hexdigest()  # stands in for the chain head
notes = []
for n in sorted(os.listdir(os.path.join(case_dir, "notes"))) if os.path.isdir(os.path.join(case_dir, "notes")) else []:
    text = open(os.path.join(case_dir, "notes", n), encoding="utf-8").read()
    fm, body = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S).groups()
    notes.append((dict(re.findall(r"^(\w+):\s*(.*)$", fm, re.M)), body))


def markdown(md):
    """The few Markdown forms notes use: headings (set as bold lines, as the PDF does), lists, paragraphs, bold."""
    inline = lambda s: re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", e(s))
    outp, items = [], []
    for block in re.split(r"\n\s*\n", md.strip()):
        lines = block.split("\n")
        if all(l.startswith("- ") for l in lines):
            outp.append("<ul>" + "".join(f"<li>{inline(l[2:])}</li>" for l in lines) + "</ul>")
        elif lines[0].startswith("#"):
            outp.append(f"<p class=b>{inline(lines[0].lstrip('# '))}</p>")
            if lines[1:]: outp.append(f"<p>{inline(' '.join(lines[1:]))}</p>")
        else:
            outp.append(f"<p>{inline(' '.join(lines))}</p>")
    return "".join(outp)


def kv(rows, first=0.3):
    return (f"<table class=kv><colgroup><col style='width:{first * 100:.0f}%'><col></colgroup>" +
            "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows) + "</table>")


def table(widths, header, rows):
    return ("<table class=grid><colgroup>" + "".join(f"<col style='width:{w * 100:.0f}%'>" for w in widths) + "</colgroup><thead><tr>" +
            "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>" +
            "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows) + "</tbody></table>")


def thumbs(items, height):
    return ("<div class=thumbs>" + "".join(
        f"<figure class='{'sel' if sel else ''}'><img src='file://{e(x['path'])}' style='height:{height}pt'><figcaption>{e(cap)}</figcaption></figure>"
        for x, cap, sel in items) + "</div>")


def settings(r):
    p = r["params"]
    return {"model": p.get("Model hash"), "sampler": p.get("Sampler"), "steps": p.get("Steps"), "cfg": p.get("CFG scale"),
            "size": p.get("Size"), "version": p.get("Version")}


S = []  # the body
a = S.append
a("<section><h1 id=cover>Evidence dossier</h1>")
a(f"<p class=title>{e(case['work']['title'])}</p>")
a(kv([("Case", case["title"]), ("Work", f"{case['work']['title']} ({case['work']['medium']})"), ("Claimed authors", case["work"].get("claimedAuthors", "—")),
      ("Parties on the record", "Administrator (owner)"), ("Profile", f"{profile['id']}: {profile['name']['en']}"),
      ("State of the record", f"{captured} · event 1"), ("Chain head (SHA-256)", head),
      ("Exhibits", f"{len(exhibits)} · CL-000001 – CL-{len(exhibits):06d}"), ("Signer", "none: an unsigned draft")], 0.32))
a("<p>This organizes and weighs the recorded evidence. It is not legal advice and states no legal conclusion; whether a work is protected is for a court to decide.</p>")
a("<p>Every original is attached to this PDF unchanged (see the exhibit list); the pages show reduced copies.</p>")
toc = [("assessment", "Assessment", 0), ("factors", "Factors", 1), ("narrative", "From conception to selection", 0), ("timeline", "Timeline", 0),
       ("runs", "Generation runs", 0)] + [(f"run{r['seq']}", f"Run #{r['seq']} · a1111 {r['params'].get('Version', '')}", 1) for r in runs] + \
      [("edits", "Human edits", 0), ("notes", "Notes and statements", 0), ("exhibits", "Exhibits", 0), ("integrity", "Integrity appendix", 0)]
a("<h2>Contents</h2><ul class=toc>" + "".join(f"<li class=l{lv}><a href='#{i}'>{e(t)}</a></li>" for i, t, lv in toc) + "</ul></section>")

# Assessment: the factor table with placeholder scores, and the run-to-run evidence list (one line per change).
a(f"<section><h1 id=assessment>Assessment</h1><p>{e(profile['basis']['en'])}</p>")
a(kv([("Band", "— (placeholder)"), ("Capped by", "—"), ("Carried by", "—")]))
a("<p>The scores below are placeholders: the peer renders the table, it does not weigh the record.</p>")
a("<h2 id=factors>Factors</h2>" + table([0.07, 0.22, 0.09, 0.1, 0.52], ["#", "Factor", "Score", "Weight", "Why"],
    [[f"F{i + 1}", NAMES[i], "—/3", str(profile["factors"][f"F{i + 1}"]["weight"]),
      f"{NAMES[i]}: what the record shows for this factor, in one or two lines of explanation."] for i in range(12)]))
steps = []
for prev, r in zip(runs, runs[1:]):
    before, after = set(elements(prev["prompt"])), set(elements(r["prompt"]))
    changed = [k for k, v in settings(prev).items() if settings(r)[k] != v]
    steps.append(f"✓ run {prev['seq']}→{r['seq']}: +{len(after - before)}/−{len(before - after)} prompt element(s)" + "".join(", " + c for c in changed))
a("<p class=b>F5 Directed iteration</p><ul>" + "".join(f"<li>{e(s)}</li>" for s in steps) + "</ul></section>")

outputs = [x for x in exhibits if x["run"]]
a("<section><h1 id=narrative>From conception to selection</h1><ol>")
a(f"<li>Conception: {sum(1 for m, _ in notes if m.get('kind') == 'brief')} brief(s) on record.</li>")
a(f"<li>Generation: {len(runs)} run(s) with {len(outputs)} output(s); {len(steps)} directed change(s) of prompt or settings.</li>")
a(f"<li>Selection: {len(chosen)} choice(s), {sum(1 for s in chosen.values() if s.get('rationale'))} with a stated reason.</li>")
a(f"<li>Human edits: {len(case.get('edits', []))} ({', '.join(sorted({x['kind'] for x in case.get('edits', [])}))}).</li>")
a(f"<li>Finished work: {', '.join(by_rel[f]['n'] + ' ' + by_rel[f]['name'] for f in finals)}.</li></ol></section>")

rows = [[m.get("at", "—"), captured, "⚠", f"note ({m.get('kind')}) {m.get('author')}"] for m, _ in notes]
rows += [[r["time"], captured, "⚠", f"run #{r['seq']} (a1111)"] for r in runs]
rows += [[x["time"], captured, "⚠", f"{x['n']} {x['name']} ({x['role']})"] for x in exhibits if not x["run"]]
rows += [["—", captured, "", f"selection: {by_rel[f]['n']}"] for f in chosen]
rows += [["—", captured, "", f"edit ({x['kind']}) {by_rel[x['from']]['n']} → {by_rel[x['to']]['n']}"] for x in case.get("edits", [])]
a("<section><h1 id=timeline>Timeline</h1><p>Claimed: when the item says it was made (the file's metadata, the author's note). Captured: when this "
  "installation first held it. A gap of more than a day is marked ⚠.</p>" + table([0.27, 0.25, 0.06, 0.42], ["Claimed", "Captured", "", "Item"], rows) + "</section>")

a("<section><h1 id=runs>Generation runs</h1>")
prev = None
for r in runs:
    p = r["params"]
    rows = [("Model", f"{p.get('Model')} [{p.get('Model hash')}]"), ("Seed", str(r["seed"])),
            ("Sampler / steps / CFG", f"{p.get('Sampler')} / {p.get('Steps')} / {p.get('CFG scale')}"),
            ("Size", p.get("Size", "—").replace("x", " × ")), ("Claimed / captured", f"{r['time']} / {captured}")]
    if prev:
        changed = [k for k, v in settings(prev).items() if settings(r)[k] != v]
        rows.append(("Settings changed", ", ".join(changed) or "none"))
    rows.append(("All parameters", r["line"].replace(", ", "; ")))
    a(f"<div class=run><h2 id=run{r['seq']}>Run #{r['seq']} · a1111 {e(p.get('Version', ''))}</h2>{kv(rows)}")
    if prev:
        before, now = elements(prev["prompt"]), elements(r["prompt"])
        diff = ", ".join(f"<span class=add>{e(x)}</span>" if x not in before else e(x) for x in now) + \
               "".join(f", <span class=del>{e(x)}</span>" for x in before if x not in now)
        a(f"<p><b>Prompt</b>  (changes against run #{prev['seq']})</p><p>{diff}</p>")
    else:
        a(f"<p><b>Prompt</b></p><p>{e(r['prompt'])}</p>")
    if r["neg"]: a(f"<p><b>Negative prompt</b></p><p>{e(r['neg'])}</p>")
    a(thumbs([(x, f"{x['n']} {x['name']}", x["rel"] in chosen) for x in r["files"]], 96))
    for x in r["files"]:
        if x["rel"] in chosen:
            a(f"<blockquote><b>Chosen: {x['n']} of {len(r['files'])}</b> — {e(chosen[x['rel']].get('rationale', ''))}</blockquote>")
    a("</div>")
    prev = r
a("</section>")

a("<section><h1 id=edits>Human edits</h1>")
for x in case.get("edits", []):
    f, t = by_rel[x["from"]], by_rel[x["to"]]
    a(f"<div class=keep><h2>{e(x['kind'])} · {e(x['tool'])} · {f['n']} → {t['n']}</h2>")
    a(kv([("What was changed", x.get("description", "—")), ("Performed / captured", f"— / {captured}"), ("Minutes stated", str(x.get("minutes", "—")))]))
    a(thumbs([(f, f"before {f['n']}", False), (t, f"after {t['n']}", False)], 140) + "</div>")
a("</section>")

a("<section><h1 id=notes>Notes and statements</h1>")
for m, body in notes:
    a(f"<h2>{e(m.get('kind', ''))} · {e(m.get('author', ''))} · {e(m.get('at', ''))}</h2><p class=small><i>Written (as stated): {e(m.get('at', ''))} · captured: {captured}</i></p>")
    a(f"<blockquote>{markdown(body)}</blockquote>")
a("</section>")

a("<section><h1 id=exhibits>Exhibits</h1><p>Each exhibit is attached to this PDF byte for byte under the name shown (pdfdetach -list; pdfdetach -saveall); its SHA-256 below is the file's.</p>")
a(table([0.12, 0.24, 0.1, 0.54], ["Exhibit", "File", "Role", "SHA-256"],
        [[x["n"], f"{x['name']} ({x['size'] / 1024:.1f} KiB)", x["role"], x["sha"]] for x in exhibits]))
for x in exhibits:
    if x["role"] in ("final", "edited") or x["rel"] in chosen:
        a(f"<div class=exhibit><h2>{x['n']} · {e(x['name'])}</h2>")
        a(kv([("Role", x["role"]), ("SHA-256", x["sha"]), ("Type / size", f"image/png / {x['size'] / 1024:.0f} KiB / {x['w']} × {x['h']}"),
              ("Claimed / captured", f"{x['time']} / {captured}"),
              ("Metadata kept", "png:tEXt:parameters" if x["run"] else "—"), ("Attached as", f"{x['n']}-{x['name']}")], 0.25))
        a(f"<img class=big src='file://{e(x['path'])}'></div>")
a("</section>")

a(f"<section><h1 id=integrity>Integrity appendix</h1>")
a(kv([("Chain", "00000000-0000-0000-0000-000000000000"), ("Events described", "1"), ("Head hash (event 1)", head), ("Installation key", "0000000000000000 (ECDSA P-256)")]))
a("<p>No checkpoint covers this state yet.</p><h2>Trusted time-stamps</h2><p>No RFC 3161 time-stamp is recorded.</p><h2>Public key</h2>")
a("<pre>-----BEGIN PUBLIC KEY-----\n" + "\n".join(hashlib.sha512(head.encode()).hexdigest()[i:i + 64] for i in (0, 64)) + "\n-----END PUBLIC KEY-----</pre>")
a("<h2>How to verify</h2><ol><li>The PDF's signature: pdfsig dossier.pdf (it names the installation key's certificate).</li>"
  "<li>The originals: pdfdetach -saveall dossier.pdf, then sha256sum CL-*; each hash must equal the exhibit list's.</li>"
  "<li>The checkpoint: save its text (one line per line above, ending with a newline) and signature, then openssl dgst -sha256 -verify key.pem -signature sig.der checkpoint.txt.</li>"
  "<li>The chain: export the case's evidence bundle and run ./ledger verify --chain bundle.zip, or follow its VERIFY.md with standard tools.</li></ol></section>")

CSS = """
@page { size: A4; margin: 64pt 56pt 60pt 56pt; }
body { font: 10pt/1.35 "DejaVu Sans", sans-serif; color: #222; margin: 0; }
section + section { break-before: page; }
h1 { font-size: 17pt; border-bottom: 1.2pt solid #1f3a5f; margin: 0 0 8pt; }
h2 { font-size: 13pt; margin: 12pt 0 5pt; break-after: avoid; }
p { margin: 0 0 5pt; } .b { font-weight: bold; } .small { font-size: 8.5pt; } .title { font-size: 16pt; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0 0 6pt; table-layout: fixed; font-size: 8.5pt; }
td, th { border: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.kv th { background: #eef1f5; } table.grid thead th { background: #1f3a5f; color: #fff; } thead { display: table-header-group; }
tr { break-inside: avoid; }
.toc { list-style: none; padding: 0; } .toc .l1 { padding-left: 12pt; } .toc a { color: inherit; text-decoration: none; }
.thumbs { display: flex; gap: 6pt; margin: 4pt 0 8pt; break-inside: avoid; }
.thumbs figure { flex: 1; margin: 0; border: 0.5pt solid #bbb; text-align: center; padding: 3pt; }
.thumbs figure.sel { border: 1.5pt solid #1a7f37; } .thumbs img { max-width: 100%; object-fit: contain; }
figcaption { font-size: 6.5pt; color: #666; }
.add { color: #1a7f37; background: #dcf5e3; } .del { color: #b02020; background: #fde2e2; text-decoration: line-through; }
blockquote { margin: 4pt 0 6pt; padding-left: 8pt; border-left: 2pt solid #bbb; }
.keep { break-inside: avoid; } .exhibit { break-before: page; break-inside: avoid; }
img.big { max-width: 420pt; max-height: 440pt; display: block; margin-top: 6pt; }
pre { font: 8pt "DejaVu Sans Mono", monospace; background: #f4f4f4; padding: 4pt; white-space: pre-wrap; }
"""
with open(out, "w", encoding="utf-8") as f:
    f.write(f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Evidence dossier: {e(case['work']['title'])}</title>"
            f"<style>{CSS}</style></head><body>{''.join(S)}</body></html>\n")
