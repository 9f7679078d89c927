"""benchmarks/budget.md from budget.csv: the rows of one commit, a verdict, one table per budget.

The second argument is a commit, or several as COMMIT:BUDGET_S,COMMIT:BUDGET_S, each budget's rows
from one commit (for commits whose train code is the same: say so in budget-notes.md)."""
import csv, json, sys
from collections import defaultdict

path, commit = sys.argv[1], sys.argv[2]
specs = [c.split(":") for c in commit.split(",")]
rows = [r for r in csv.DictReader(open(path))
        if any(r["commit"] == c[0] and (len(c) == 1 or r["budget_s"] == c[1]) for c in specs)]
label = "commit " + ", ".join(f"`{c[0]}`" + (f" at {c[1]} s" if len(c) > 1 else "") for c in specs)
by_budget = defaultdict(list)
for r in rows:
    by_budget[int(r["budget_s"])].append(r)

def failed(r):
    """A run that exited with an error: inside its budget or not, it left no model."""
    return r.get("exit", "0") not in ("", "0")

def fits(r):
    return not failed(r) and r["wall_s"] and float(r["wall_s"]) <= 1.1 * int(r["budget_s"])

FITS = ("search", "refit", "final_fit")  # the phases that fit models (the search's fold preparation counts)
LARGE = {"kddcup99_10pct"}  # over 100k rows: outside the "up to 100k rows" goal


def outside_share(r, fits=("search",)):
    """The share of the process's wall time (JVM start to exit) outside the given phases."""
    p = json.loads(r["phase_seconds"] or "{}")
    wall = float(r["wall_s"] or 0)
    return (wall - sum(p.get(f, 0) for f in fits)) / wall if wall and p else float("nan")


def span(values):
    values = [v for v in values if v == v]
    return f"{min(values):.0%}–{max(values):.0%}" if values else "n/a"

print("# Does a run keep its budget?\n")
kept = sum(1 for r in rows if fits(r))
bad = [f"{r['table']} at {r['budget_s']} s (exit {r['exit']})" for r in rows if failed(r)]
ended = (f"+ 10 % with a model; **failed**: {', '.join(bad)}. Wall time" if bad else "+ 10 %, wall time")
print(f"**Verdict** ({label}, {len(rows)} runs): {kept} of {len(rows)} runs ended within their budget "
      f"{ended} measured around the whole process (JVM start to exit). "
      "Where a run could not fit a phase it says so under *cuts*; where it ran over, the row says by how much. "
      "Runs one at a time; `load` is the 1-minute load average just before each run (2 cores).\n")
print(f"Command: `scripts/bench-budget {' '.join(str(b) + 's' for b in sorted(by_budget))}` (each run: `scripts/sparkwise train --data TABLE --label L "
      "--config (task: T) --budget B --seed 5`). Raw rows: [budget.csv](budget.csv); what the runs showed: "
      "[budget-notes.md](budget-notes.md).\n")
for b in sorted(by_budget):
    small = [r for r in by_budget[b] if r["table"] not in LARGE and not failed(r)]
    print(f"At {b} s, on the {len(small)} tables up to 100k rows: outside the search "
          f"{span([outside_share(r) for r in small])} of the wall time, outside the phases that fit models "
          f"(search, refit, final fit) {span([outside_share(r, FITS) for r in small])}.\n")
for b in sorted(by_budget):
    print(f"## --budget {b}s\n")
    print("*Outside search* and *outside fits*: the share of the wall time (JVM start to exit) outside the search, "
          "and outside the search, the refit and the final fit, from the run's `phase_seconds`.\n")
    print("| table | wall s | ≤ +10 % | load | trials | holdout | final fit | outside search | outside fits | phases (s) | cuts |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in by_budget[b]:
        p = json.loads(r["phase_seconds"] or "{}")
        phases = ", ".join(f"{k} {v:.0f}" for k, v in p.items() if v >= 0.5)
        share = outside_share(r)
        verdict = f"**failed, exit {r['exit']}**" if failed(r) else "yes" if fits(r) else "**no**"
        print(f"| {r['table']} | {r['wall_s']} | {verdict} | {r['load_before']} | "
              f"{r['trials']} | {r['metric']} {r['holdout']} | {r['final_fit']} | "
              f"{share:.0%} | {outside_share(r, FITS):.0%} | {phases} | {r['cuts'] or '-'} |")
    print()
