#!/usr/bin/env bash
# The scheduled retraining loop on two slices of adult.csv.gz, as a user runs it: train and
# promote a champion on slice 1; retrain it on slice 2 with a warm start and a gated promotion;
# and, for comparison, a cold train on slice 2 with twice the budget.
# Usage: scripts/examples/retrain-walkthrough.sh [WORKDIR]   (needs ../shared/datasets/adult.csv.gz)
# Budgets: SPARKWISE_CHAMPION_BUDGET (120s), SPARKWISE_RETRAIN_BUDGET (60s), SPARKWISE_COLD_BUDGET (120s).
set -u
here="$(cd "$(dirname "$0")/../.." && pwd)"
S="$here/scripts/sparkwise"
work="${1:-$(mktemp -d)}"
mkdir -p "$work" && cd "$work" || exit 1
wh="$work/wh"
python3 - "$here/../shared/datasets/adult.csv.gz" <<'PY'
import csv, gzip, random, sys
rows = list(csv.reader(gzip.open(sys.argv[1], "rt")))
h, rows = rows[0], rows[1:]
random.seed(11); random.shuffle(rows)
half = len(rows) // 2
for name, rs in (("slice1.csv", rows[:half]), ("slice2.csv", rows[half:])):
    with open(name, "w", newline="") as f:
        w = csv.writer(f); w.writerow(h); w.writerows(rs)
PY
step() { echo; echo "\$ sparkwise $*"; "$S" "$@" --warehouse "$wh"; echo "-> exit $?"; }
step train --data slice1.csv --label class --budget "${SPARKWISE_CHAMPION_BUDGET:-120s}" --seed 5 --register adult_income -q
step models promote adult_income:1 --alias champion
step retrain --model adult_income@champion --data slice2.csv --budget "${SPARKWISE_RETRAIN_BUDGET:-60s}" --seed 5 \
  --promote-if-better 0.001 --summary-json retrain.json -q
step train --data slice2.csv --label class --budget "${SPARKWISE_COLD_BUDGET:-120s}" --seed 5 --summary-json cold.json -q
step models history adult_income
python3 - <<'PY'
import json
r, c = json.load(open("retrain.json")), json.load(open("cold.json"))
m = r["metric"]
print(f"\nretrain ({r['phase_seconds'] and round(r['wall_seconds'])} s): holdout {m} {r['holdout'][m]:.4f}, "
      f"{r['trials']} trials, decision {r['retrain']['decision']}, champion on the same rows "
      f"{r['retrain']['holder']['holdout'][m]:.4f}")
print(f"cold train ({round(c['wall_seconds'])} s): holdout {m} {c['holdout'][m]:.4f}, {c['trials']} trials")
print(f"difference: {r['holdout'][m] - c['holdout'][m]:+.4f}")
print("warm start:", r["warm_start"]["from"], "| first seed:", r["warm_start"]["seeds"][0])
PY
