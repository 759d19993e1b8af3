#!/usr/bin/env python3
"""Writes the case folder the dossier benchmark renders: `python3 bench/make-dossier-case.py OUTDIR [RUNS] [PER_RUN]`
(default 200 runs of 2 images) writes OUTDIR/bench-dossier/ with case.json, notes/01-brief.md and a generate.json in
the A1111 format; `ledger make-samples OUTDIR` then draws the PNGs (RUNS x PER_RUN outputs, 512x512 and 512x768, plus
two edited files). Deterministic. Each run's prompt drops one element and adds another, and the settings move every
few runs, so every run section of the dossier has a prompt diff and a list of changed settings."""
import json, os, sys

out = sys.argv[1]
runs_n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
per_run = int(sys.argv[3]) if len(sys.argv) > 3 else 2
if runs_n < 4 or not 1 <= per_run <= 26:
    sys.exit("usage: make-dossier-case.py OUTDIR [RUNS>=4] [PER_RUN 1..26]")
case = os.path.join(out, "bench-dossier")

head = "(masterpiece, best quality), film photography, 1girl, young woman"
pool = ["looking back over shoulder", "dusk", "light from the left", "backlit hair", "sunset sky", "orange and violet sky",
        "low horizon", "figure in the lower third", "depth of field", "film grain", "Fujifilm", "soft focus", "wind in hair",
        "wheat field", "distant city lights", "long shadow", "warm rim light", "cinematic lighting", "muted colors",
        "shallow focus", "grass in foreground", "light haze", "summer dress", "seaside road"]
letters = "abcdefghijklmnopqrstuvwxyz"[:per_run]
name = lambda r, c: f"images/{r + 1:04d}-{c}.png"

runs = []
for r in range(runs_n):
    # A window of six elements slides one step per run: one element is dropped and one added each time.
    prompt = ", ".join([head] + [pool[(r + k) % len(pool)] for k in range(6)])
    size = ["512x768", "512x512"][(r // 3) % 2]
    steps, cfg = 20 + 5 * ((r // 4) % 3), 5 + 0.5 * ((r // 7) % 5)
    params = (f"Steps: {steps}, Sampler: DPM++ 2M Karras, CFG scale: {cfg:g}, Seed: {{seed}}, Size: {size}, Model hash: fc2511737a, "
              f"Model: chilloutmix_NiPrunedFp32Fix, Batch size: {per_run}, Batch pos: {{pos}}, Version: v1.10.1")
    minutes = 9 * 60 + 12 * (r % 40)  # 40 runs a day, 12 minutes apart, from 09:00
    runs.append({"time": f"2026-01-{5 + r // 40:02d}T{minutes // 60:02d}:{minutes % 60:02d}:00Z", "prompt": prompt,
                 "negativePrompt": "painting, illustration, cartoon, lowres, bad anatomy, bad hands" + (", text, watermark" if r % 10 >= 5 else ""),
                 "seed": (r * 2654435761 + 12345) % 4294967296 // 2, "parameters": params,
                 "files": [{"file": name(r, c)} for c in letters]})

early, late = runs_n * 3 // 5, runs_n - 1 - min(12, runs_n // 5)  # two chosen candidates: one mid-session, one near the end (the work's base)
last_day = 5 + (runs_n - 1) // 40
edits = [
    {"file": "images/edit-1-repaint.png", "base": name(late, letters[0]), "time": f"2026-01-{last_day + 1:02d}T10:00:00Z", "repaint": [8, 60, 30, 25]},
    {"file": "images/edit-2-final.png", "base": "images/edit-1-repaint.png", "time": f"2026-01-{last_day + 1:02d}T10:30:00Z", "signature": "LI"},
]
os.makedirs(os.path.join(case, "notes"), exist_ok=True)
with open(os.path.join(case, "generate.json"), "w") as f:
    json.dump({"runs": runs, "edits": edits}, f, indent=1)

others = lambda r, chosen: ", ".join(name(r, c) for c in letters if name(r, c) != chosen) or "none"
with open(os.path.join(case, "case.json"), "w") as f:
    json.dump({
        "title": "Bench dossier",
        "jurisdiction": "cn-bic",
        "creator": "Li",
        "description": f"A generated case for the dossier benchmark: {runs_n} Stable Diffusion runs of {per_run} images each, "
                       "two selections with reasons, a hand repaint and a signature.",
        "work": {"title": "Dusk study (bench)", "medium": "image", "claimedAuthors": "Li"},
        "selections": [
            {"file": name(early, letters[-1]), "rationale": f"The first candidate where the light falls from the left and the horizon stays low, as the brief asks; {others(early, name(early, letters[-1]))} crops the head."},
            {"file": name(late, letters[0]), "rationale": f"The figure sits in the lower third against a wide sky; {others(late, name(late, letters[0]))} loses the horizon. This one became the work after a repaint of the lower left."},
        ],
        "edits": [
            {"from": name(late, letters[0]), "to": "images/edit-1-repaint.png", "tool": "Krita", "kind": "paint-over",
             "description": "Painted over the lower left corner by hand to remove a stray figure and extend the grass.", "minutes": 25},
            {"from": "images/edit-1-repaint.png", "to": "images/edit-2-final.png", "tool": "Paint", "kind": "text",
             "description": "Signature 'LI' added in the lower right corner before publishing.", "minutes": 2},
        ],
        "finals": ["images/edit-2-final.png"],
    }, f, indent=1, ensure_ascii=False)

with open(os.path.join(case, "notes", "01-brief.md"), "w") as f:
    f.write("""---
kind: brief
at: 2026-01-04T20:00:00+08:00
author: Li
---
# Brief: a study at dusk

What I want before I start generating:

- **Subject**: a young woman, close to the camera, looking back over her shoulder.
- **Light**: dusk, warm light from the left, the sky going from orange to violet.
- **Feel**: a film photograph, not an illustration; soft grain, shallow depth of field.
- **Composition**: the figure in the lower third, a low horizon, a lot of sky.

I will move one element of the prompt at a time and keep the model fixed, so each run shows what one change did.
""")
