#!/usr/bin/env bash
# The registry, scoring and monitoring flow on a split of adult.csv.gz, as a user runs it.
# Usage: scripts/examples/registry-walkthrough.sh [WORKDIR]   (needs ../shared/datasets/adult.csv.gz)
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
random.seed(7); random.shuffle(rows)
a, b = int(len(rows) * 0.6), int(len(rows) * 0.8)
def w(name, header, rs):
    with open(name, "w", newline="") as f:
        cw = csv.writer(f); cw.writerow(header); cw.writerows(rs)
w("train.csv", h, rows[:a]); w("same.csv", h, rows[a:b])
age, hours, wc = h.index("age"), h.index("hours_per_week"), h.index("workclass")
shifted = []
for i, r in enumerate(rows[b:]):
    r = list(r); r[age] = str(int(r[age]) + 15); r[hours] = str(int(r[hours]) * 2)
    if i % 5 == 0: r[wc] = "Gig-economy"
    shifted.append(r)
w("shifted.csv", h, shifted)
w("lacking.csv", [c for j, c in enumerate(h) if j != hours], [[x for j, x in enumerate(r) if j != hours] for r in rows[a:b]])
PY
step() { echo; echo "\$ sparkwise $*"; "$S" "$@" --warehouse "$wh"; echo "-> exit $?"; }
step train --data train.csv --label class --budget 60s --register adult_income -q
step models promote adult_income:1 --alias champion
step score --model adult_income@champion --data same.csv --output scored.parquet
step monitor --model adult_income@champion --data same.csv --label class -q
step monitor --model adult_income@champion --data shifted.csv -q
step train --data train.csv --label class --budget 60s --seed 3 --register adult_income -q
echo; echo "\$ two 'models promote' at the same instant"
"$S" models promote adult_income:2 --alias champion --warehouse "$wh" & p1=$!
"$S" models promote adult_income:1 --alias challenger --warehouse "$wh" & p2=$!
"$S" models promote adult_income:1 --alias champion --warehouse "$wh" & p3=$!
wait $p1; e1=$?; wait $p2; e2=$?; wait $p3; e3=$?
echo "-> exits $e1 $e2 $e3"
step models history adult_income
step models rollback adult_income --alias champion
step models compare adult_income:1 adult_income:2
step models list
step score --model adult_income@champion --data lacking.csv --output never.parquet
[ -e never.parquet ] && echo "UNEXPECTED: never.parquet written" || echo "nothing written for the lacking table"
