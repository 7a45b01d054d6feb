#!/usr/bin/env python3
"""Independent point values of metrics under adjudicated labels (docs/clinical-review.md).

Usage: python3 reference_adjudicated.py OUTCOMES.json ADJUDICATIONS.json
Prints one JSON object: {"as-labelled": {...}, "adjudicated": {...}} with top1_accuracy,
top3_accuracy, triage_accuracy, undertriage_rate, emergency_undertriage_rate and
must_pass_failures over all vignettes, written from the definitions in docs/metrics.md and the
rules of docs/clinical-review.md, not from the Swift code. Standard library only.

ADJUDICATIONS.json is a list of {casebank, id, conclusion, diagnosis?, also_correct[], triage?}.
"""
import json
import sys

LEVELS = ["self_care", "routine", "urgent", "emergency"]


def apply(outcome, adj):
    gold = dict(outcome["gold"])
    if adj["conclusion"] == "label_error":
        if adj.get("diagnosis"):
            gold["diagnosis"] = adj["diagnosis"]
        if adj.get("also_correct"):
            gold["also_correct"] = list(adj["also_correct"])
        if adj.get("triage"):
            gold["triage"] = list(adj["triage"])
    elif adj["conclusion"] == "acceptable_alternative":
        extra = [c for c in adj["also_correct"] if c != gold["diagnosis"] and c not in gold["also_correct"]]
        gold["also_correct"] = list(gold["also_correct"]) + extra
    return dict(outcome, gold=gold)


def rank_of_gold(outcome):
    """r_i: the 1-based position of the first gold code in the differential ranked by probability
    descending, ties by condition code ascending (docs/metrics.md); None for infinity."""
    if outcome["status"] != "ok":
        return None
    codes = {outcome["gold"]["diagnosis"], *outcome["gold"]["also_correct"]}
    ranked = sorted(outcome["differential"], key=lambda e: (-e["probability"], e["condition"]))
    for position, entry in enumerate(ranked, start=1):
        if entry["condition"] in codes:
            return position
    return None


def metrics(outcomes):
    n = len(outcomes)
    ranks = [rank_of_gold(o) for o in outcomes]
    returned = [o.get("triage") if o["status"] == "ok" else None for o in outcomes]
    lo = [LEVELS.index(o["gold"]["triage"][0]) for o in outcomes]
    hi = [LEVELS.index(o["gold"]["triage"][1]) for o in outcomes]
    t = [LEVELS.index(r) if r is not None else None for r in returned]
    within = sum(1 for i in range(n) if t[i] is not None and lo[i] <= t[i] <= hi[i])
    under = [t[i] is None or t[i] < lo[i] for i in range(n)]
    emergency = [i for i in range(n) if lo[i] == 3]
    must = [i for i in range(n) if outcomes[i]["must_pass"]]
    return {
        "top1_accuracy": sum(1 for r in ranks if r is not None and r <= 1) / n,
        "top3_accuracy": sum(1 for r in ranks if r is not None and r <= 3) / n,
        "triage_accuracy": within / n,
        "undertriage_rate": sum(under) / n,
        "emergency_undertriage_rate": (sum(1 for i in emergency if t[i] is None or t[i] < 3) / len(emergency)) if emergency else None,
        "must_pass_failures": sum(
            1 for i in must if ranks[i] is None or ranks[i] > 3 or under[i] or outcomes[i]["status"] != "ok"),
    }


def main():
    outcomes = json.load(open(sys.argv[1]))["outcomes"]
    adjudications = {(a["casebank"], a["id"]): a for a in json.load(open(sys.argv[2]))}
    adjusted = [apply(o, adjudications[(o["casebank"], o["id"])]) if (o["casebank"], o["id"]) in adjudications else o
                for o in outcomes]
    print(json.dumps({"as-labelled": metrics(outcomes), "adjudicated": metrics(adjusted)}, sort_keys=True))


main()
