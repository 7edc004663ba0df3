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
  if [ "$w" = W5 ]; then
    # W5 allocates its result on every call, as A @ B does. By default an 800 KB result went to the large-object
    # heap, often into memory the collector had returned to the OS, and the product then paid 196 page faults
    # (~150 us) on top of ~125 us. Results up to 1 MB in a 4 MB generation 0 are recycled at each collection, as
    # PyTorch's allocator recycles freed blocks (docs/performance.md). GCgen0size has no runtimeconfig.json name.
    DOTNET_GCLOHThreshold="${DOTNET_GCLOHThreshold:-0x100000}" DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x400000}" \
      "$bin" "$w" "${options[@]}"
  else
    "$bin" "$w" "${options[@]}"
  fi
done
