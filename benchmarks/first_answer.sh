#!/bin/bash
# A new user's first hour, timed: a fresh clone of this repository and an empty POLICYKG_HOME (no
# model, no npm libraries, no store), `make run`, and the seconds until the served API answers
# /provinces?topic=IPv6. The clone's own .venv is made from scratch (pip's cache may help).
#   bash benchmarks/first_answer.sh [PORT]
set -euo pipefail
port=${1:-8311}
work=$(mktemp -d)
git clone -q "$(git rev-parse --show-toplevel)" "$work/policykg"
ln -s "$(git rev-parse --show-toplevel)/../shared" "$work/shared" 2>/dev/null || true
cd "$work/policykg"
start=$(date +%s.%N)
env -u POLICYKG_MODELS POLICYKG_HOME="$work/home" make run PORT="$port" > "$work/run.log" 2>&1 &
job=$!
until curl -sf "http://127.0.0.1:$port/provinces?topic=IPv6" -o "$work/answer.json"; do
    kill -0 $job 2>/dev/null || { cat "$work/run.log"; exit 1; }
    sleep 1
done
end=$(date +%s.%N)
training=$(python3 -c "import json,glob; print(json.load(open(glob.glob('$work/home/models/pkuseg-*/metrics.json')[0]))['training_seconds'])")
echo "first served answer $(echo "$end - $start" | bc) s after make run (training the segmenter: $training s)"
grep -o '"province":"[^"]*"' "$work/answer.json" | tr '\n' ' '; echo
pkill -f "policykg serve --port $port" || true
wait $job 2>/dev/null || true
rm -rf "$work"
