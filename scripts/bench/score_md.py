"""Writes benchmarks/score.md from benchmarks/score.csv (scripts/bench-score): per invocation and
tree, the runs' wall times with and without the scoring table's Delta checkpoint, against the
15 s goal of issue 18. benchmarks/score-notes.md, the hand-written reading, is copied in after."""
import csv, os, statistics, sys

csv_path, md_path = sys.argv[1], sys.argv[2]
GOAL = 15.0
groups = {}
for r in csv.DictReader(open(csv_path)):
    groups.setdefault((r["invocation"], r["commit"]), []).append(r)


def line(inv, commit, rs):
    plain = sorted(float(r["wall_s"]) for r in rs if r["checkpoint"] == "no")
    ckpt = sorted(float(r["wall_s"]) for r in rs if r["checkpoint"] == "yes")
    def span(v):
        return f"{v[0]:.2f}-{v[-1]:.2f}" if v else "-"
    med = f"{statistics.median(plain):.2f}" if plain else "-"
    over = sum(1 for v in plain if v > GOAL)
    return (f"| {inv} | {commit} | {len(rs)} | {med} | {span(plain)} | {over} of {len(plain)} | "
            f"{', '.join(f'{v:.2f}' for v in ckpt) or '-'} |")


out = ["# Score: the demo's 30,000 rows into a new Delta table", "",
       "`scripts/bench-score [RUNS] [BASELINE]`: `scripts/sparkwise score` of the table `scripts/sparkwise demo`",
       "writes, with the model it trains, wall time from the launcher's start to its exit (JVM start included),",
       "one run at a time; with a baseline tree the two alternate. Goal (issue 18): at most 15 s.",
       "A run that wrote a Delta checkpoint of the warehouse's `scoring` table (every tenth commit) is listed apart.",
       "", "| invocation | commit | runs | median s (no checkpoint) | range s | over 15 s | with checkpoint s |",
       "|---|---|---|---|---|---|---|"]
for (inv, commit), rs in sorted(groups.items()):
    out.append(line(inv, commit, rs))
notes = os.path.join(os.path.dirname(md_path), "score-notes.md")
if os.path.exists(notes):
    out += ["", open(notes).read().rstrip()]
open(md_path, "w").write("\n".join(out) + "\n")
