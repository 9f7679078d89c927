"""benchmarks/trials.md from the rows of benchmarks/trials.csv measured at one commit."""
import csv, sys

path, commit = sys.argv[1:3]
rows = [r for r in csv.DictReader(open(path)) if r["commit"] == commit]
print("# Trials per minute: the task engine against the distributed engine\n")


def verdict():
    """Per table, auto against distributed: trials per minute and the holdout metric (larger or smaller is better)."""
    pairs = {}
    for r in rows:
        pairs.setdefault(r["table"], {})[r["engine"]] = r
    ratios, better, worse = [], [], []
    for t, e in pairs.items():
        a, d = e.get("auto"), e.get("distributed")
        if not a or not d:
            continue
        ratios.append(float(a["trials_per_min"]) / max(0.1, float(d["trials_per_min"])))
        ha, hd = float(a["holdout"]), float(d["holdout"])
        smaller = a["metric"] in ("rmse", "mae", "logloss")
        if ha == hd:
            continue
        (better if (ha < hd) == smaller else worse).append(f"{t} ({a['metric']} {ha:g} against {hd:g})")
    if not ratios:
        return "**Verdict**: no table measured with both engines."
    return (f"**Verdict** (commit `{commit}`, one seed, {len(ratios)} tables): the task engine ran "
            f"{min(ratios):.1f}-{max(ratios):.1f}x the distributed engine's trials per minute of search; its holdout "
            f"metric was better on {len(better)}, worse on {len(worse)}"
            + (f" (worse: {'; '.join(worse)})" if worse else "") + ", equal on the rest. One seed: "
            "differences of a few thousandths are within what seeds move.\n")


print(verdict())
print(f"Commit `{commit}`, `scripts/bench-trials` (`train --budget B --seed 5`, one run at a time, wall time")
print("JVM start to exit). `trials_ok`: trials that finished or were pruned after some folds (cancelled and")
print("failed ones left out); `on tasks`: trials the task engine ran; `per min`: finished trials per minute")
print("of the search phase. Raw rows: `trials.csv`.\n")
print("| table | engine | budget s | wall s | trials | trials_ok | on tasks | search s | per min | holdout | best model |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['table']} | {r['engine']} | {r['budget_s']} | {r['wall_s']} | {r['trials']} | {r['trials_ok']} | "
          f"{r['task_trials']} | {r['search_s']} | {r['trials_per_min']} | {r['metric']} {r['holdout']} | {r['best_model']} |")
