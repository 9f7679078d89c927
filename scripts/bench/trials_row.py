"""One CSV row of benchmarks/trials.csv from a train summary (or an empty row when the run failed)."""
import csv, json, sys

summary_path, date, commit, table, task, engine, budget, load, wall, code = sys.argv[1:11]
secs = int(budget[:-1]) * (60 if budget.endswith("m") else 1)
row = [date, commit, table, task, engine, secs, load, round(float(wall), 1)]
try:
    s = json.load(open(summary_path))
    metric = s["metric"]
    by = s.get("trials_by_engine", {})
    ok = sum(e.get("ok", 0) + e.get("pruned", 0) for e in by.values())
    on_tasks = sum(by.get("task", {}).values())
    search = s.get("phase_seconds", {}).get("search", 0)
    row += [s.get("trials", ""), ok, on_tasks, round(search, 1), round(ok / search * 60, 1) if search else "",
            metric, round(s["holdout"].get(metric, float("nan")), 4), s.get("best_model", ""), code]
except (OSError, ValueError, KeyError):
    row += ["", "", "", "", "", "", "", "", code]
csv.writer(sys.stdout).writerow(row)
