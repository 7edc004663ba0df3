#!/usr/bin/env bash
# Builds Backprop's benchmark runner in Release and runs each workload of ../shared/bench/WORKLOADS.md
# in a fresh process, printing exactly one JSON line per workload on stdout (build output goes to stderr).
#   benchmarks/run.sh [W1 W2 W3 ...] [--iters N] [--epochs N]   (no workload: W1 to W5; options go to each run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$here/Backprop.Benchmarks/Backprop.Benchmarks.csproj"
dotnet build "$project" -c Release -nologo -v q >&2
bin="$here/Backprop.Benchmarks/bin/Release/net10.0/Backprop.Benchmarks"
workloads=(); options=()
for a in "$@"; do
  case "$a" in
    [Ww][1-5]) workloads+=("${a^^}") ;;
    *) options+=("$a") ;;
  esac
done
[ ${#workloads[@]} -gt 0 ] || workloads=(W1 W2 W3 W4 W5)
for w in "${workloads[@]}"; do
  "$bin" "$w" "${options[@]}"
done
