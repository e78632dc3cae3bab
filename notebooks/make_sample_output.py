#!/usr/bin/env python3
"""Write a SYNTHETIC Triage output directory, so the notebooks can run without the Java demo.

Nothing here comes from the Flink job: the numbers are drawn from a toy simulation (a model whose
accuracy rises, drops at an injected drift point and recovers; a threshold that follows it; simulated
annotators with delays). The files have the same shape as the demo's output (JSON lines, fields as the
records in io.triage.event serialised by Jackson, non-finite doubles as null, null fields omitted), and
summary.json says "synthetic": true.

Usage: make_sample_output.py [OUT_DIR] [--records N] [--seed S]
       (OUT_DIR defaults to $TRIAGE_OUT, else triage-out/sample)
Standard library only.
"""
import argparse
import json
import math
import os
import random

MODEL = "fraud"
CLASSES = ["fraud", "legit"]
TARGET_PRECISION = 0.95
WINDOW = 250            # records per metrics window
BASE_AUDIT_RATE = 0.05
DRIFT_AUDIT_RATE = 0.20
MIN_EVIDENCE = 200      # labels before automation may start
PUBLISH_EVERY = 20      # labels per published model version (the real job publishes on every label)


def clean(obj):
    """Jackson-like: drop None fields, write non-finite floats as null (then dropped)."""
    out = {}
    for k, v in obj.items():
        if isinstance(v, float) and not math.isfinite(v):
            v = None
        if v is None:
            continue
        out[k] = v
    return out


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(clean(r), separators=(",", ":")) + "\n")


def model_accuracy(i, n, drift_at):
    """Toy learning curve: 0.62 → 0.95 before the drift, drops to 0.70 at it, recovers to 0.93."""
    if i < drift_at:
        return 0.62 + (0.95 - 0.62) * (1 - math.exp(-i / (0.12 * n)))
    k = i - drift_at
    return 0.70 + (0.93 - 0.70) * (1 - math.exp(-k / (0.06 * n)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", default=os.environ.get("TRIAGE_OUT", "triage-out/sample"))
    ap.add_argument("--records", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    n = a.records
    os.makedirs(a.out, exist_ok=True)

    drift_at = int(n * 0.6)
    wall0 = 1_795_000_000_000            # epoch ms of the (fake) run start
    event0 = 1_795_000_000_000 - 86_400_000
    rate_ms = 20                         # one record every 20 ms of wall time

    decisions, audit, models, metrics = [], [], [], []
    threshold = None                     # automation off until enough evidence
    audit_rate = BASE_AUDIT_RATE
    model_version, policy_version = 0, 0
    labels_applied, drift_alarms = 0, 0
    drift_alarm_pending = True
    pending = []                         # (label_time, record_index, decision dict) — review queue
    cur = [0]                            # index of the record being processed (for publish)

    def publish(now, rec_id, label):
        nonlocal model_version
        model_version += 1
        acc = model_accuracy(cur[0], n, drift_at)
        models.append({
            "model": MODEL, "version": model_version, "parentVersion": model_version - 1,
            "policyVersion": policy_version, "labelsApplied": labels_applied, "lastRecordId": rec_id,
            "lastLabel": label, "weightsDigest": "sha256-chunks:%064x" % rng.getrandbits(256), "classes": CLASSES,
            "threshold": threshold if threshold is not None else float("nan"), "auditRate": audit_rate,
            "estimatedPrecision": float("nan"), "precisionLowerBound": float("nan"),
            "evidence": float(labels_applied), "prequentialAccuracy": acc, "driftAlarms": drift_alarms,
            "provenance": "SYNTHETIC (make_sample_output.py)", "publishedAt": now})
        audit.append({"type": "MODEL_PUBLISHED", "recordId": rec_id, "model": MODEL,
                      "modelVersion": model_version, "policyVersion": policy_version,
                      "confidence": float("nan"), "label": label, "labelsApplied": labels_applied,
                      "weightsDigest": models[-1]["weightsDigest"], "ts": now})

    def set_threshold(now, new):
        nonlocal threshold, policy_version
        if new == threshold:
            return
        old = threshold
        threshold = new
        policy_version += 1
        audit.append({"type": "THRESHOLD_CHANGED", "model": MODEL, "modelVersion": model_version,
                      "policyVersion": policy_version,
                      "previousThreshold": old if old is not None else float("nan"),
                      "threshold": new if new is not None else float("nan"), "reason": "controller", "ts": now})

    def drain(now):
        """Apply labels that have arrived by `now`."""
        nonlocal labels_applied
        pending.sort(key=lambda p: p[0])
        done = []
        while pending and pending[0][0] <= now:
            t, i, d = pending.pop(0)
            if d["source"] == "EXPIRED":
                audit.append({"type": "EXPIRED", "recordId": d["recordId"], "model": MODEL,
                              "modelVersion": d["modelVersion"], "policyVersion": d["policyVersion"],
                              "route": d["route"], "confidence": float("nan"), "decision": d.get("decision"),
                              "reason": "deadline", "ts": t})
            else:
                labels_applied += 1
                audit.append({"type": "LABELED", "recordId": d["recordId"], "model": MODEL,
                              "modelVersion": d["modelVersion"], "policyVersion": d["policyVersion"],
                              "route": d["route"], "predicted": d.get("predicted"), "confidence": d["confidence"],
                              "label": d["decision"], "annotator": d["annotator"], "latencyMs": 1000, "ts": t})
                if labels_applied % PUBLISH_EVERY == 0:
                    publish(t, d["recordId"], d["decision"])
            done.append((t, i, d))
        return done

    # per-window accumulators
    w = {"records": 0, "auto": 0, "toReview": 0, "audited": 0, "labeled": 0, "expired": 0,
         "agree": 0, "auditN": 0, "auditAgree": 0, "lat": []}
    window_no = 0
    total_records = 0

    for i in range(n):
        cur[0] = i
        now = wall0 + i * rate_ms + rng.randint(0, rate_ms - 1)
        for t, j, d in drain(now):
            decisions.append(d)
            if d["source"] == "EXPIRED":
                w["expired"] += 1
                continue
            w["labeled"] += 1
            w["lat"].append(d["decidedAt"] - d["requestedAt"])
            if d.get("predicted") is not None:
                ok = d["predicted"] == d["decision"]
                w["agree"] += ok
                if d["route"] == "AUDIT":
                    w["auditN"] += 1
                    w["auditAgree"] += ok

        # controller (toy): automation starts after MIN_EVIDENCE labels, lowers the threshold as the model
        # improves, jumps up on the drift alarm and relaxes again as evidence returns
        if labels_applied >= MIN_EVIDENCE:
            acc_now = model_accuracy(i, n, drift_at)
            if drift_alarm_pending:      # before the (detected) drift
                target = 0.97 - 0.25 * max(0.0, acc_now - 0.8) / 0.15
            else:
                k = (i - drift_at) / (0.4 * n)
                target = min(0.99, 0.97 - 0.12 * k)
            target = round(max(0.72, min(0.99, target)) / 0.01) * 0.01
            target = round(target, 2)
            if threshold is None or abs(target - threshold) >= 0.02:
                set_threshold(now, target)

        if drift_alarm_pending and i >= drift_at + int(0.03 * n):
            drift_alarms += 1
            drift_alarm_pending = False
            audit_rate = DRIFT_AUDIT_RATE
            audit.append({"type": "DRIFT_DETECTED", "recordId": "tx-%d" % (i - 5), "model": MODEL,
                          "modelVersion": model_version, "policyVersion": policy_version,
                          "confidence": float("nan"), "reason": "ADWIN audit-error", "statistic": 0.31, "ts": now})
            set_threshold(now, 0.99)
        if not drift_alarm_pending and audit_rate > BASE_AUDIT_RATE and i >= drift_at + int(0.2 * n):
            audit_rate = BASE_AUDIT_RATE

        # the record
        rid = "tx-%d" % i
        truth = "fraud" if rng.random() < 0.3 else "legit"
        have_model = model_version > 0
        acc = model_accuracy(i, n, drift_at)
        correct = rng.random() < acc
        predicted = (truth if correct else [c for c in CLASSES if c != truth][0]) if have_model else None
        if have_model:
            conf = rng.betavariate(9, 1.5) if correct else rng.betavariate(3, 2.5)
            conf = 0.5 + 0.5 * conf
        else:
            conf = float("nan")
        audited = have_model and threshold is not None and conf >= threshold and rng.random() < audit_rate
        if threshold is None:
            route = "COLD_START"
        elif audited:
            route = "AUDIT"
        elif conf >= threshold:
            route = "AUTO"
        else:
            route = "REVIEW"
        audit.append({"type": "SCORED", "recordId": rid, "model": MODEL, "modelVersion": model_version,
                      "policyVersion": policy_version, "route": route, "predicted": predicted,
                      "confidence": conf, "labelWeight": 1.0, "ts": now})
        base = {"recordId": rid, "model": MODEL, "route": route, "predicted": predicted, "confidence": conf,
                "modelVersion": model_version, "policyVersion": policy_version,
                "ts": event0 + i * 60_000, "requestedAt": now, "truth": truth}
        w["records"] += 1
        total_records += 1
        if route == "AUTO":
            w["auto"] += 1
            decisions.append(dict(base, decision=predicted, source="AUTO", decidedAt=now))
        else:
            w["toReview"] += 1
            w["audited"] += route == "AUDIT"
            latency = int(rng.lognormvariate(math.log(4000), 0.7))   # ~4 s median
            if rng.random() < 0.015 or latency > 60_000:
                # expired: fallback is the prediction if there is one, else abstain
                pending.append((now + 60_000, i, dict(base, decision=predicted, source="EXPIRED",
                                                       decidedAt=now + 60_000)))
            else:
                annotator = rng.choice(["alice", "bob", "carol"])
                label = truth if rng.random() < 0.97 else [c for c in CLASSES if c != truth][0]
                pending.append((now + latency, i, dict(base, decision=label, source="HUMAN",
                                                       annotator=annotator, decidedAt=now + latency)))

        if total_records % WINDOW == 0:
            metrics.append({
                "model": MODEL, "window": window_no, "records": w["records"], "auto": w["auto"],
                "toReview": w["toReview"], "audited": w["audited"], "labeled": w["labeled"],
                "expired": w["expired"], "automationRate": w["auto"] / w["records"],
                "humanAgreement": w["agree"] / w["labeled"] if w["labeled"] else float("nan"),
                "auditAgreement": w["auditAgree"] / w["auditN"] if w["auditN"] else float("nan"),
                "backlog": len(pending), "totalRecords": total_records, "labelsApplied": labels_applied,
                "modelVersion": model_version,
                "threshold": threshold if threshold is not None else float("nan"),
                "auditRate": audit_rate,
                "estimatedPrecision": min(0.999, 0.9 + 0.08 * acc) if threshold is not None else float("nan"),
                "precisionLowerBound": min(0.99, 0.88 + 0.08 * acc) if threshold is not None else float("nan"),
                "prequentialAccuracy": acc if have_model else float("nan"),
                "driftAlarms": drift_alarms,
                "meanReviewLatencyMs": sum(w["lat"]) / len(w["lat"]) if w["lat"] else float("nan"),
                "windowEnd": now})
            window_no += 1
            w = {k: ([] if k == "lat" else 0) for k in w}

    for t, j, d in drain(float("inf")):
        decisions.append(d)

    # one rejected label and one rejected input, so those types appear in the trail
    audit.append({"type": "LABEL_REJECTED", "recordId": "tx-unknown", "model": MODEL, "modelVersion": -1,
                  "policyVersion": -1, "confidence": float("nan"), "label": "fraud", "annotator": "mallory",
                  "reason": "unknown-record", "ts": wall0 + 1000})
    audit.append({"type": "INPUT_REJECTED", "model": MODEL, "modelVersion": -1, "policyVersion": -1,
                  "confidence": float("nan"), "reason": "bad-json", "ts": wall0 + 2000})
    audit.sort(key=lambda e: e["ts"])

    decisions.sort(key=lambda d: (d["decidedAt"], d["recordId"]))
    for s, d in enumerate(decisions):
        d["seq"] = s

    write_jsonl(os.path.join(a.out, "decisions.jsonl"), decisions)
    write_jsonl(os.path.join(a.out, "audit.jsonl"), audit)
    write_jsonl(os.path.join(a.out, "metrics.jsonl"), metrics)
    write_jsonl(os.path.join(a.out, "models.jsonl"), models)

    auto = [d for d in decisions if d["source"] == "AUTO"]
    summary = {
        "synthetic": True,
        "note": "SYNTHETIC sample written by notebooks/make_sample_output.py — not output of the Triage job",
        "model": MODEL, "records": len(decisions), "automated": len(auto),
        "automationRate": len(auto) / len(decisions),
        "realizedPrecision": sum(d["decision"] == d["truth"] for d in auto) / len(auto) if auto else None,
        "labels": labels_applied, "driftAlarms": drift_alarms, "targetPrecision": TARGET_PRECISION,
        "modelVersions": model_version, "seed": a.seed,
    }
    with open(os.path.join(a.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(clean(summary), f, indent=2)
        f.write("\n")
    print("wrote SYNTHETIC sample to %s: %d decisions, %d metrics windows, %d audit events, %d model versions"
          % (a.out, len(decisions), len(metrics), len(audit), len(models)))


if __name__ == "__main__":
    main()
