#!/usr/bin/env python3
"""Writes a generate.json for N images (default 2000) in batches of four, in the A1111 format the sample generator
draws: `python3 bench/make-bench-set.py DIR [N]` then `./ledger make-samples DIR/..`. Deterministic: the same N gives
the same files. Prompts, seeds, sizes and parameters vary the way a working session's outputs do."""
import json, os, sys

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000
subjects = ["a young woman at dusk", "a cute cat", "a lighthouse in fog", "an old fisherman", "a paper lantern festival"]
styles = ["film photography, film grain", "oil painting", "watercolor", "ink drawing", "cinematic lighting"]
runs = []
for r in range(n // 4):
    seed = (r * 2654435761) % 4294967296
    size = ["512x512", "512x768", "768x512"][r % 3]
    prompt = f"(masterpiece, best quality), {subjects[r % 5]}, {styles[(r // 5) % 5]}, dusk, detailed"
    params = (f"Steps: {20 + r % 15}, Sampler: DPM++ 2M Karras, CFG scale: {5 + (r % 6) * 0.5}, Seed: {{seed}}, Size: {size}, "
              f"Model hash: fc2511737a, Model: chilloutmix_NiPrunedFp32Fix, Batch size: 4, Batch pos: {{pos}}, Version: v1.10.1")
    runs.append({"time": f"2026-01-{1 + r % 28:02d}T{r % 24:02d}:{r % 60:02d}:00Z", "prompt": prompt, "negativePrompt": "lowres, bad anatomy",
                 "seed": seed, "parameters": params, "files": [{"file": f"images/{r:04d}-{c}.png"} for c in "abcd"]})
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "generate.json"), "w") as f:
    json.dump({"runs": runs}, f)
