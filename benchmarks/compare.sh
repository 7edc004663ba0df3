#!/usr/bin/env bash
# Runs Backprop and PyTorch on the same workloads alternately (A, B, A, B, …) and prints, per workload,
# the median of each and the ratio Backprop / PyTorch. The peers' driver writes logs and caches next to
# itself, so it runs from a scratch copy of ../shared/bench.
#   benchmarks/compare.sh [--reps N] [--keep FILE] [W1 ...]   (--keep: also write every JSON line to FILE)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared_bench="${BACKPROP_BENCH:-$here/../../shared/bench}"
reps=3; workloads=(); keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift ;;
    --keep) keep="$2"; shift ;;
    [Ww][1-5]) workloads+=("${1^^}") ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#workloads[@]} -gt 0 ] || workloads=(W1)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -r "$shared_bench" "$scratch/bench" && chmod -R u+w "$scratch/bench"
out="$scratch/all.jsonl"
dotnet build "$here/Backprop.Benchmarks/Backprop.Benchmarks.csproj" -c Release -nologo -v q >&2
for w in "${workloads[@]}"; do
  for ((r = 1; r <= reps; r++)); do
    echo "[compare] $w rep $r/$reps: backprop" >&2
    "$here/run.sh" "$w" 2>/dev/null >>"$out"
    echo "[compare] $w rep $r/$reps: pytorch" >&2
    "$scratch/bench/run-peers.sh" --reps 1 --no-variants -o "$scratch/peer.jsonl" pytorch "$w" >/dev/null 2>&1 || true
    cat "$scratch/peer.jsonl" >>"$out"
  done
done
[ -z "$keep" ] || cp "$out" "$keep"
python3 - "$out" <<'PY'
import json, statistics, sys
metric = {"W1": ("iteration_ms", "ms/iter"), "W2": ("epoch_seconds_median", "s/epoch"),
          "W3": ("epoch_seconds_median", "s/epoch"), "W4": ("step_us", "us/step")}
runs = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line: continue
    d = json.loads(line)
    runs.setdefault((d["workload"], d["peer"]), []).append(d)
for w in sorted({k[0] for k in runs}):
    if w == "W5":
        # W5 has no single metric: compare gflops_median per (M, N, K) shape (higher is better).
        shapes = {}
        for peer in ("backprop", "pytorch"):
            for r in runs.get((w, peer), []):
                for g in r.get("gemm") or []:
                    shapes.setdefault((g["M"], g["N"], g["K"]), {}).setdefault(peer, []).append(g["gflops_median"])
        for shape, by_peer in shapes.items():
            med = {p: statistics.median(v) for p, v in by_peer.items()}
            for p, v in by_peer.items():
                print(f"W5 {shape} {p:9s} median {med[p]:.4g} GFLOP/s over {len(v)} runs: {v}")
            if len(med) == 2:
                print(f"W5 {shape} ratio backprop/pytorch = {med['backprop'] / med['pytorch']:.3f}")
        continue
    key, unit = metric.get(w, ("total_seconds", "s"))
    med = {}
    for peer in ("backprop", "pytorch"):
        vals = [r[key] for r in runs.get((w, peer), []) if r.get(key) is not None]
        if vals: med[peer] = statistics.median(vals)
        print(f"{w} {peer:9s} median {statistics.median(vals) if vals else float('nan'):.4g} {unit} over {len(vals)} runs: {vals}")
        for extra in ("final_cost", "test_accuracy", "train_accuracy", "peak_rss_mb"):
            xs = [r[extra] for r in runs.get((w, peer), []) if r.get(extra) is not None]
            if xs: print(f"{w} {peer:9s}   {extra}: {xs}")
    if len(med) == 2:
        print(f"{w} ratio backprop/pytorch = {med['backprop'] / med['pytorch']:.3f}")
PY
