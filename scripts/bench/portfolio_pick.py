"""Greedy portfolio from benchmarks/portfolio.csv: per table, each configuration's normalised regret
(0 = the table's best pool configuration, 1 = its worst; failed or missing = 1); then repeatedly
add the configuration that most lowers the mean over tables of the best regret among those picked."""
import csv, sys
from collections import defaultdict

path, picks, commit = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = list(csv.DictReader(open(path)))
score = defaultdict(dict)
larger = {}
params = {}
for r in rows:
    larger[r["table"]] = r["larger_is_better"] == "true"
    params[r["config"]] = (r["family"], r["params"].replace("'", '"'))
    if r["cv_mean"]:
        score[r["table"]][r["config"]] = float(r["cv_mean"])
configs = sorted(params)
regret = {}
for t, s in score.items():
    vals = list(s.values())
    best, worst = (max(vals), min(vals)) if larger[t] else (min(vals), max(vals))
    span = abs(best - worst) or 1.0
    regret[t] = {c: (abs(best - s[c]) / span if c in s else 1.0) for c in configs}
tables = sorted(regret)
chosen = []
current = {t: 1.0 for t in tables}
lines = []
for _ in range(min(picks, len(configs))):
    def mean_with(c):
        return sum(min(current[t], regret[t][c]) for t in tables) / len(tables)
    c = min((c for c in configs if c not in chosen), key=lambda c: (mean_with(c), c))
    chosen.append(c)
    current = {t: min(current[t], regret[t][c]) for t in tables}
    lines.append((c, mean_with(c)))
print("# The auto search's portfolio\n")
behind = [f"{t} ({current[t]:.3f})" for t in tables if current[t] > 0]
print(f"**Verdict** (commit `{commit}`, one seed, {len(tables)} tables): the first {len(lines)} proposals of `auto` "
      f"leave a mean normalised regret of {lines[-1][1]:.3f} against the best of all {len(configs)} pool "
      f"configurations on each table; the portfolio holds that table's best on {len(tables) - len(behind)} of "
      f"{len(tables)}" + (f", not on {', '.join(behind)}" if behind else "") + ". Chosen from these same tables: "
      "an in-sample choice, not a held-out estimate.\n")
print(f"Commit `{commit}`, `scripts/bench-portfolio`: each of the {len(configs)} pool configurations "
      f"(`sparkwise.search.Portfolio.POOL`, ids `t0000`… in pool order) cross-validated on {len(tables)} shared "
      "tables (3 folds of the non-holdout rows, seed 7, the task engine); per table a configuration's "
      "regret is normalised to 0 (the table's best) … 1 (its worst). Greedy forward selection, each pick the "
      "one that most lowers the mean over tables of the best regret so far. Raw rows: `portfolio.csv`.\n")
print("| pick | config | family | params | mean best regret after the pick |")
print("|---|---|---|---|---|")
for i, (c, m) in enumerate(lines, 1):
    print(f"| {i} | {c} | {params[c][0]} | `{params[c][1]}` | {m:.3f} |")
print("\n| table | best pool config | its CV metric | regret of the portfolio |")
print("|---|---|---|---|")
for t in tables:
    s = score[t]
    best = (max if larger[t] else min)(s, key=s.get)
    print(f"| {t} | {best} | {s[best]:.4f} | {current[t]:.3f} |")
