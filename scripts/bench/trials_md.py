"""benchmarks/trials.md from the rows of benchmarks/trials.csv measured at one commit."""
import csv, sys

path, commit = sys.argv[1:3]
rows = [r for r in csv.DictReader(open(path)) if r["commit"] == commit]
print("# Trials per minute: the task engine against the distributed engine\n")
print(f"Commit `{commit}`, `scripts/bench-trials` (`train --budget B --seed 5`, one run at a time, wall time")
print("JVM start to exit). `trials_ok`: trials that finished or were pruned after some folds (cancelled and")
print("failed ones left out); `on tasks`: trials the task engine ran; `per min`: finished trials per minute")
print("of the search phase. Raw rows: `trials.csv`.\n")
print("| table | engine | budget s | wall s | trials | trials_ok | on tasks | search s | per min | holdout | best model |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['table']} | {r['engine']} | {r['budget_s']} | {r['wall_s']} | {r['trials']} | {r['trials_ok']} | "
          f"{r['task_trials']} | {r['search_s']} | {r['trials_per_min']} | {r['metric']} {r['holdout']} | {r['best_model']} |")
