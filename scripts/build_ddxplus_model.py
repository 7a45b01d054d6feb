#!/usr/bin/env python3
"""Builds the shipped DDXPlus noisy-OR models from the vendored DDXPlus data.

    python3 scripts/build_ddxplus_model.py           # writes the two model files
    python3 scripts/build_ddxplus_model.py --check   # rebuilds in memory; exit 1 if a committed file differs

Inputs (vendored, see data/ddxplus/SOURCE.md): data/ddxplus/release_conditions.json,
release_evidences.json, symptom_condition_probs_derived.json. Outputs, in the format
`clinval-noisy-or` format_version 1 (docs/model-format.md, Noisy-OR network):

    models/ddxplus-noisy-or-1.0.0.json            the shipped model
    models/ddxplus-noisy-or-1.1.0-candidate.json  the same with a deliberate triage defect

Python 3 standard library only; deterministic: the same inputs give the same bytes. Every choice
below (ids, findings, links, leaks, priors, urgency, age factors, triage) is explained in
docs/models/ddxplus-noisy-or.md, with the tuning of the triage thresholds and red flags
(scripts/tune_ddxplus_triage.py). DDXPlus (Fansi Tchango et al., 2022) is CC-BY; its patients are
synthetic, so these models are demonstration models, not clinical tools.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "ddxplus")
MODELS = os.path.join(ROOT, "models")

NAME = "ddxplus-noisy-or"

# Leak per finding: the probability that the finding is present with none of the 49 conditions.
# Antecedents (risk factors, history: smoking, diabetes...) are common in any population, so they
# get a larger leak than symptoms.
LEAK_SYMPTOM = 0.01
LEAK_ANTECEDENT = 0.02
# A link strength of 1 would make the finding's absence rule the condition out: cap below 1.
LINK_CAP = 0.99
LINK_DIGITS = 4          # links are rounded to 4 decimals; a link that rounds to 0 is dropped
PRIOR_DIGITS = 4         # priors keep 4 significant digits
PRIOR_CAP = 0.999
# Priors = DDXPlus relative frequency x PRIOR_SCALE. In a noisy-OR the priors are independent, and
# their sum is the expected number of the 49 conditions per consultation; the scale was chosen by
# the triage tuning (the raw frequencies leave too much prior emergency mass in every posterior).
PRIOR_SCALE = 0.01

# DDXPlus severity (1 = most severe ... 5) -> urgency.
URGENCY = {1: "emergency", 2: "emergency", 3: "urgent", 4: "routine", 5: "self_care"}

# One label fix: DDXPlus spells "Larygospasm"; the id keeps the DDXPlus spelling.
LABEL_FIXES = {"Larygospasm": "Laryngospasm"}
# DDXPlus gives "j17, j18" for pneumonia; the model takes one code: J18 (pneumonia, organism unspecified).
ICD10_FIXES = {"Pneumonia": "J18"}

# Age factors only for the two conditions that are paediatric by definition (see the doc).
AGE_FACTORS = {
    "bronchiolitis": [{"from": 0, "to": 1, "factor": 40}, {"from": 2, "to": 120, "factor": 0}],
    "croup": [{"from": 0, "to": 5, "factor": 10}, {"from": 18, "to": 120, "factor": 0.1}],
}

# Triage, tuned with scripts/tune_ddxplus_triage.py on 2,940 vignettes sampled from the model:
# emergency under-triage 1.86%, over-triage to emergency 17.3%, triage accuracy 0.838 (see the doc).
THRESHOLDS = {"emergency": 0.05, "urgent": 0.4, "routine": 0.4}
RED_FLAGS = [
    # (codes that must all be present, level, why)
    (["E_14", "E_50"], "emergency", "chest pain at rest with sweating: acute coronary syndrome"),
    (["E_14", "E_66"], "emergency", "chest pain at rest with marked breathlessness"),
    (["E_194"], "emergency", "inspiratory stridor: threatened airway"),
    (["E_42", "E_66"], "emergency", "allergen exposure with breathlessness: anaphylaxis"),
    (["E_159"], "emergency", "loss of consciousness"),
    (["E_210"], "emergency", "vomiting blood"),
    (["E_67", "E_66"], "emergency", "paroxysmal nocturnal dyspnoea with breathlessness: pulmonary oedema"),
    (["E_84", "E_66"], "emergency", "weakness of both arms or legs with breathlessness: neuromuscular respiratory failure"),
    (["E_156"], "emergency", "new one-sided facial weakness"),
    (["E_73", "E_91"], "emergency", "fever after contact with Ebola"),
]
MAX_DIFFERENTIAL = 10

CANDIDATE_EMERGENCY_FACTOR = 6


def slug(name):
    """Lowercase ASCII slug: accents dropped, non-alphanumerics -> '-', repeats collapsed, trimmed."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", ascii_name.lower())).strip("-")


def code_number(code):
    return int(code.split("_")[1])


def sig(x, digits):
    """x rounded to `digits` significant digits, as a float whose repr is short."""
    return float(f"{x:.{digits}g}")


def load(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        return json.load(fh)


def leak_of(evidence):
    return LEAK_ANTECEDENT if evidence["is_antecedent"] else LEAK_SYMPTOM


def link_strength(p, leak):
    """q such that P(f | d alone) = 1 - (1 - leak)(1 - q) = p, clamped to [0, LINK_CAP], rounded."""
    q = (p - leak) / (1 - leak)
    q = min(max(q, 0.0), LINK_CAP)
    return round(q, LINK_DIGITS)


def build_base():
    conditions_src = load("release_conditions.json")
    evidences = load("release_evidences.json")
    table = load("symptom_condition_probs_derived.json")

    binary = sorted((code for code, e in evidences.items() if e["data_type"] == "B"), key=code_number)
    findings = [{"id": code, "label": evidences[code]["question_en"].strip(), "leak": leak_of(evidences[code])}
                for code in binary]

    total = sum(table["condition_counts"].values())
    conditions = []
    for name, src in conditions_src.items():
        english = src["cond-name-eng"]
        cid = slug(english)
        probs = table["probabilities"][name]
        links = {}
        for code in binary:
            p = probs.get(code, 0.0)
            if p <= 0:
                continue
            q = link_strength(p, leak_of(evidences[code]))
            if q > 0:
                links[code] = q
        prior = min(sig(PRIOR_SCALE * table["condition_counts"][name] / total, PRIOR_DIGITS), PRIOR_CAP)
        condition = {
            "id": cid,
            "label": LABEL_FIXES.get(english, english),
            "icd10": ICD10_FIXES.get(name, src["icd10-id"].strip().upper()),
            "urgency": URGENCY[src["severity"]],
            "prior": prior,
        }
        if cid in AGE_FACTORS:
            condition["age_factor"] = AGE_FACTORS[cid]
        condition["links"] = links
        conditions.append(condition)
    conditions.sort(key=lambda c: c["id"])
    assert len(conditions) == 49 and len({c["id"] for c in conditions}) == 49
    assert set(AGE_FACTORS) <= {c["id"] for c in conditions}
    return findings, conditions


def build_models():
    findings, conditions = build_base()
    base_description = (
        "Noisy-OR network over the 49 conditions and 208 binary findings of DDXPlus "
        "(Fansi Tchango et al., 2022, CC-BY), links from P(finding | condition) estimated on the "
        "synthetic DDXPlus training patients. Demonstration model built from synthetic data: not "
        "doctor-labelled, not for clinical use. Built by scripts/build_ddxplus_model.py; see "
        "docs/models/ddxplus-noisy-or.md."
    )

    def model(version, description, thresholds):
        return {
            "format": "clinval-noisy-or",
            "format_version": 1,
            "name": NAME,
            "version": version,
            "vocabulary": "ddxplus",
            "description": description,
            "findings": findings,
            "conditions": conditions,
            "triage": {
                "thresholds": thresholds,
                "red_flags": [{"all": codes, "level": level} for codes, level, _ in RED_FLAGS],
            },
            "max_differential": MAX_DIFFERENTIAL,
        }

    candidate_thresholds = dict(THRESHOLDS)
    candidate_thresholds["emergency"] = round(THRESHOLDS["emergency"] * CANDIDATE_EMERGENCY_FACTOR, 6)
    candidate_description = (
        base_description + " RELEASE CANDIDATE WITH A KNOWN DEFECT, shipped to show the release gate "
        f"catching it: the emergency triage threshold is {candidate_thresholds['emergency']} instead of "
        f"{THRESHOLDS['emergency']} (x{CANDIDATE_EMERGENCY_FACTOR}), so emergencies without a red flag "
        "are under-triaged. Everything else is identical to 1.0.0."
    )
    return {
        f"{NAME}-1.0.0.json": model("1.0.0", base_description, dict(THRESHOLDS)),
        f"{NAME}-1.1.0-candidate.json": model("1.1.0-candidate", candidate_description, candidate_thresholds),
    }


def render(doc):
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Build the DDXPlus noisy-OR models.")
    ap.add_argument("--check", action="store_true", help="fail if the committed model files differ from a rebuild")
    args = ap.parse_args(argv)
    models = build_models()
    if args.check:
        stale = []
        for name, doc in models.items():
            path = os.path.join(MODELS, name)
            try:
                with open(path, encoding="utf-8") as fh:
                    current = fh.read()
            except FileNotFoundError:
                current = None
            if current != render(doc):
                stale.append(name)
        if stale:
            print("out of date: " + ", ".join(f"models/{n}" for n in stale)
                  + " (run python3 scripts/build_ddxplus_model.py)", file=sys.stderr)
            return 1
        print("models are up to date")
        return 0
    os.makedirs(MODELS, exist_ok=True)
    for name, doc in models.items():
        with open(os.path.join(MODELS, name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(render(doc))
        print(f"wrote models/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
