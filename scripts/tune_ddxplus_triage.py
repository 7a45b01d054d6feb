#!/usr/bin/env python3
"""Tunes and checks the triage of the DDXPlus noisy-OR model on vignettes sampled from the model.

    python3 scripts/tune_ddxplus_triage.py [--per-condition 30] [--seeds 7,8] [--jobs 2]
        [--model models/ddxplus-noisy-or-1.0.0.json] [--cache FILE.json] [--write-bank FILE.jsonl]

Procedure (documented with its numbers in docs/models/ddxplus-noisy-or.md):
  1. For every seed and every condition d, sample --per-condition vignettes from the model itself: sex uniform,
     age uniform in 1..90 (in 0..1 / 0..5 for bronchiolitis / croup, which have age factors), the
     condition d alone active; each finding present with probability 1 - (1 - leak)(1 - q_{d,f})
     (unlinked findings: leak). Observation is partial, as in a written vignette: a present finding
     is reported with probability 0.8; an absent finding linked to d is reported absent with
     probability 0.5, any other absent finding with probability 0.1; the rest is unobserved.
     Gold triage = d's urgency.
  2. Exact posteriors of every vignette with the reference (scripts/noisy_or_reference.py, decimal
     arithmetic at 60 digits), computed once.
  3. For each red flag: how often it fires on vignettes of emergency and of non-emergency conditions.
  4. Grid over the thresholds (emergency, urgent, routine), with the model's red flags: emergency
     under-triage (share of emergency vignettes triaged below emergency), over-triage of
     non-emergencies to emergency, exact triage accuracy. Printed: the model's own thresholds and the
     best grid points with under-triage <= 2%. Sampling more than one seed pools the samples.
Python 3 standard library only; deterministic for a given seed.
"""

import argparse
import hashlib
import itertools
import json
import os
import random
import sys
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import noisy_or_reference as ref  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGE_RANGES = {"bronchiolitis": (0, 1), "croup": (0, 5)}
# Partial observation, as in a written vignette: a present finding is reported with probability 0.8;
# an absent finding linked to the condition is reported absent with probability 0.5, any other
# absent finding with probability 0.1; the rest is unobserved.
REPORT_PRESENT = 0.8
REPORT_ABSENT_LINKED = 0.5
REPORT_ABSENT_OTHER = 0.1


def sample(model, per_condition, seed):
    rng = random.Random(seed)
    codes = list(model.leak)
    out = []
    for c in model.conditions:
        lo, hi = AGE_RANGES.get(c["id"], (1, 90))
        for k in range(per_condition):
            present, absent = [], []
            for f in codes:
                q = float(c["links"].get(f, 0))
                p = 1 - (1 - float(model.leak[f])) * (1 - q)
                if rng.random() < p:
                    if rng.random() < REPORT_PRESENT:
                        present.append(f)
                elif rng.random() < (REPORT_ABSENT_LINKED if q > 0 else REPORT_ABSENT_OTHER):
                    absent.append(f)
            out.append({"id": f"{c['id']}-{k:03d}", "age": rng.randint(lo, hi),
                        "sex": rng.choice(["female", "male"]), "present": present, "absent": absent,
                        "gold": {"diagnosis": c["id"], "triage": c["urgency"]}})
    return out


_MODEL = None


def _init(path):
    global _MODEL
    _MODEL = ref.load_model(path)


def _posteriors(v):
    post, info = ref.infer(_MODEL, v["age"], v["sex"], v["present"], v["absent"], "decimal", 60)
    return {d: float(p) for d, p in post.items()}


def level_sums(model, post):
    """Sums of the posteriors of the conditions with urgency >= emergency, urgent, routine."""
    urg = {c["id"]: ref.RANK[c["urgency"]] for c in model.conditions}
    return {lvl: sum(p for d, p in post.items() if urg[d] >= ref.RANK[lvl]) for lvl in ("emergency", "urgent", "routine")}


def red_flag_level(present, red_flags):
    level = 0
    for codes, lvl in red_flags:
        if all(c in present for c in codes):
            level = max(level, ref.RANK[lvl])
    return level


def triage_level(sums, flag_level, thresholds):
    """The triage rule of docs/model-format.md on precomputed sums (rank: 0 self_care .. 3 emergency)."""
    for lvl in ("emergency", "urgent", "routine"):
        if lvl in thresholds and sums[lvl] >= thresholds[lvl]:
            return max(flag_level, ref.RANK[lvl])
    return flag_level


def score(vignettes, sums, flags, thresholds):
    gold = [ref.RANK[v["gold"]["triage"]] for v in vignettes]
    levels = [triage_level(s, f, thresholds) for s, f in zip(sums, flags)]
    em = [i for i, g in enumerate(gold) if g == 3]
    non = [i for i, g in enumerate(gold) if g != 3]
    return {"under_triage_emergency": round(sum(levels[i] < 3 for i in em) / len(em), 4),
            "over_triage_to_emergency": round(sum(levels[i] == 3 for i in non) / len(non), 4),
            "accuracy": round(sum(lv == g for lv, g in zip(levels, gold)) / len(gold), 4),
            "under_triage_any": round(sum(lv < g for lv, g in zip(levels, gold)) / len(gold), 4)}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "ddxplus-noisy-or-1.0.0.json"))
    ap.add_argument("--per-condition", type=int, default=30)
    ap.add_argument("--seeds", default="7,8", help="comma-separated sampling seeds; the samples are pooled")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--write-bank", help="also write the sampled vignettes as a JSON Lines bank")
    ap.add_argument("--cache", help="JSON file caching the posteriors (reused when model, seed and size match)")
    args = ap.parse_args(argv)
    seeds = [int(x) for x in args.seeds.split(",")]
    with open(args.model, encoding="utf-8") as fh:
        doc = json.load(fh)
    # Posteriors do not depend on the triage section: the cache survives threshold changes.
    network = json.dumps([doc["findings"], doc["conditions"]], sort_keys=True).encode()
    cache_key = f"{hashlib.sha256(network).hexdigest()}/{args.seeds}/{args.per_condition}"

    model = ref.load_model(args.model)
    vignettes = [v for seed in seeds for v in sample(model, args.per_condition, seed)]
    if args.write_bank:
        with open(args.write_bank, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"casebank": "ddxplus-sampled", "version": args.seeds, "vocabulary": "ddxplus",
                                 "source": "sampled from the model by scripts/tune_ddxplus_triage.py"}) + "\n")
            for v in vignettes:
                fh.write(json.dumps(v) + "\n")
    posts = None
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, encoding="utf-8") as fh:
            cached = json.load(fh)
        if cached.get("key") == cache_key:
            posts = cached["posteriors"]
    if posts is None:
        with Pool(args.jobs, initializer=_init, initargs=(args.model,)) as pool:
            posts = pool.map(_posteriors, vignettes, chunksize=4)
        if args.cache:
            with open(args.cache, "w", encoding="utf-8") as fh:
                json.dump({"key": cache_key, "posteriors": posts}, fh)
    sums = [level_sums(model, p) for p in posts]
    flags = [red_flag_level(set(v["present"]), model.red_flags) for v in vignettes]
    model_thresholds = {k: float(v) for k, v in model.thresholds.items()}

    n = len(vignettes)
    ranks = []
    for v, post in zip(vignettes, posts):
        ranked = ref.rank(post)
        ranks.append(ranked.index(v["gold"]["diagnosis"]) + 1)
    print(f"{n} sampled vignettes ({args.per_condition} per condition and seed, seeds {args.seeds}); "
          f"mean present findings {sum(len(v['present']) for v in vignettes) / n:.1f}")
    print(f"diagnosis: top-1 {sum(r == 1 for r in ranks) / n:.3f}, top-3 {sum(r <= 3 for r in ranks) / n:.3f}, "
          f"top-10 {sum(r <= 10 for r in ranks) / n:.3f}")

    em = [i for i, v in enumerate(vignettes) if v["gold"]["triage"] == "emergency"]
    non = [i for i, v in enumerate(vignettes) if v["gold"]["triage"] != "emergency"]
    print(f"red flags ({len(em)} emergency / {len(non)} other vignettes): fires on emergency, on other")
    for codes, lvl in model.red_flags:
        fe = sum(all(c in vignettes[i]["present"] for c in codes) for i in em)
        fn = sum(all(c in vignettes[i]["present"] for c in codes) for i in non)
        print(f"  {'+'.join(codes):12s} {lvl:9s} {fe:4d} ({fe / len(em):.3f})  {fn:4d} ({fn / len(non):.3f})")
    anyfire = [any(all(c in vignettes[i]["present"] for c in codes) for codes, _ in model.red_flags) for i in range(n)]
    print(f"  any red flag: emergency {sum(anyfire[i] for i in em) / len(em):.3f}, other {sum(anyfire[i] for i in non) / len(non):.3f}")

    own = score(vignettes, sums, flags, model_thresholds)
    print(f"model thresholds {model_thresholds}: " + json.dumps(own))
    print("  same thresholds without red flags: " + json.dumps(score(vignettes, sums, [0] * n, model_thresholds)))

    grid = []
    for e, u, r in itertools.product([0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3, 0.5],
                                     [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]):
        if e <= u <= r:
            grid.append(((e, u, r), score(vignettes, sums, flags, {"emergency": e, "urgent": u, "routine": r})))
    ok = sorted((g for g in grid if g[1]["under_triage_emergency"] <= 0.02), key=lambda g: (-g[1]["accuracy"], g[0]))
    print("best grid points with emergency under-triage <= 2% (emergency, urgent, routine):")
    for t, s in ok[:8]:
        print(f"  {t}: " + json.dumps(s))
    print("emergency threshold alone (urgent and routine as in the model):")
    for e in [0.02, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6]:
        th = dict(model_thresholds, emergency=e)
        print(f"  {e}: " + json.dumps(score(vignettes, sums, flags, th)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
