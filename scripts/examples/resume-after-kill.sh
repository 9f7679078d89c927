#!/usr/bin/env bash
# Kills `train` with kill -9 part-way through its search, resumes it with --resume, and checks that
# the run completes with every finished trial kept and no trial id recorded twice.
# Usage: scripts/examples/resume-after-kill.sh [WORKDIR] [DATA] [LABEL]
set -u
here="$(cd "$(dirname "$0")/../.." && pwd)"
S="$here/scripts/sparkwise"
work="${1:-$(mktemp -d)}"
data="${2:-$here/../shared/datasets/adult.csv.gz}"
label="${3:-class}"
mkdir -p "$work" && cd "$work" || exit 1
wh="$work/wh"
run="killed-$(date +%s)"
train=(train --data "$data" --label "$label" --budget 180s --seed 7 --run-id "$run" --warehouse "$wh")

echo "\$ sparkwise ${train[*]} &   (killed with -9 after the 3rd finished trial)"
"$S" "${train[@]}" 2> first.err > first.out &
pid=$!
while kill -0 "$pid" 2>/dev/null && [ "$(grep -c '^\[.*trial t' first.err 2>/dev/null || true)" -lt 3 ]; do
  sleep 1
done
if ! kill -0 "$pid" 2>/dev/null; then
  echo "train ended before it could be killed"; cat first.err; exit 1
fi
kill -9 "$pid"; wait "$pid" 2>/dev/null
echo "-> killed; trials recorded before the kill:"
"$S" runs show "$run" --warehouse "$wh" | tee before.txt

echo; echo "\$ sparkwise train --data $data --label $label --budget 180s --seed 7 --resume $run --warehouse $wh"
"$S" train --data "$data" --label "$label" --budget 180s --seed 7 --resume "$run" --warehouse "$wh" \
  --summary-json summary.json 2> resume.err
code=$?
grep -E "resuming|trial t" resume.err | head -5
echo "-> exit $code"
"$S" runs show "$run" --warehouse "$wh" | tee after.txt

kept=$(awk 'NR>3 {print $1, $2, $4, $5}' before.txt | sort)
missing=$(comm -23 <(echo "$kept") <(awk 'NR>3 {print $1, $2, $4, $5}' after.txt | sort))
dupes=$(awk 'NR>3 {print $1}' after.txt | sort | uniq -d)
status=$(head -1 after.txt)
echo
echo "trials before the kill: $(awk 'NR>3' before.txt | wc -l), after the resume: $(awk 'NR>3' after.txt | wc -l)"
[ -z "$dupes" ] && echo "no duplicate trial ids" || echo "DUPLICATE trial ids: $dupes"
[ -z "$missing" ] && echo "every finished trial kept unchanged" || echo "LOST or changed trials: $missing"
[[ "$status" == *": completed,"* ]] && echo "run $run completed" || echo "run not completed: $status"
[ "$code" -eq 0 ] && [ -z "$dupes" ] && [ -z "$missing" ] && [[ "$status" == *": completed,"* ]]
