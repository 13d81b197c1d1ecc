#!/usr/bin/env bash
# Trains every model variant once on a data set and prints a Markdown table of parameters, test
# accuracy, test loss and seconds per epoch (the paper's comparison at one size).
#   bash benchmarks/variant_sweep.sh [--dataset fashion-mnist] [--epochs 25] [--dendrites 16]
#        [--somata 64] [--seed 1] [--threads 1] [--out runs/sweep] [--extra "vann:1:24"]
# --extra adds models as variant:D:S (e.g. a vANN of about the dANN's parameter count).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tool=${DENDRITE_TOOL:-$repo/build/tools/dendrite}
dataset=fashion-mnist epochs=25 D=16 S=64 seed=1 threads=1 out=runs/sweep extra="vann:1:24"
while [ $# -gt 0 ]; do
  case "$1" in
    --dataset) dataset=$2 ;; --epochs) epochs=$2 ;; --dendrites) D=$2 ;; --somata) S=$2 ;;
    --seed) seed=$2 ;; --threads) threads=$2 ;; --out) out=$2 ;; --extra) extra=$2 ;;
    *) echo "variant_sweep.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift 2
done
runs=()
for v in dann-r dann-lrf dann-grf pdann vann vann-r vann-lrf vann-grf sann sann-lrf sann-grf psann; do
  runs+=("$v:$D:$S")
done
for e in $extra; do runs+=("$e"); done
mkdir -p "$out"
echo "| model | D | S | parameters | test accuracy | test loss | s/epoch |"
echo "|---|---|---|---|---|---|---|"
for r in "${runs[@]}"; do
  IFS=: read -r v d s <<< "$r"
  dir="$out/$v-D$d-S$s-$dataset-s$seed"
  "$tool" train --model "$v" --dendrites "$d" --somata "$s" --synapses 16 --dataset "$dataset" \
    --epochs "$epochs" --seed "$seed" --threads "$threads" --out "$dir" --overwrite --quiet --no-progress >/dev/null
  /usr/bin/python3 - "$dir/summary.json" "$v" "$d" "$s" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {j['params']:,} | {100*j['test_accuracy']:.2f}% | {j['test_loss']:.4f} | {j['seconds_per_epoch']:.2f} |")
PY
done
