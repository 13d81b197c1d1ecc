#!/usr/bin/env bash
# The main job, end to end on a fresh machine: set up, build, train a dANN on real MNIST, export it
# to ONNX, run it in ONNX Runtime with the dendrite plugin (and without, through the ONNX function
# bodies), and print the accuracy of each step.
#   bash tools/run_main_job.sh                  # dANN-GRF, D=16, S=256, k=16, 15 epochs
#   MODEL=dann-r DENDRITES=1 SOMATA=128 bash tools/run_main_job.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DENDRITE_BUILD_DIR:-$repo/build}
model=${MODEL:-dann-grf} D=${DENDRITES:-16} S=${SOMATA:-256} epochs=${EPOCHS:-15} seed=${SEED:-1}
out=${OUT:-$repo/runs/main-job}

bash "$repo/tools/build.sh"
tool="$build/tools/dendrite"
mkdir -p "$out"

echo "== 1/3 train $model (D=$D, S=$S, k=16) on MNIST, $epochs epochs"
"$tool" train --dataset mnist --model "$model" --dendrites "$D" --somata "$S" --synapses 16 \
  --epochs "$epochs" --seed "$seed" --out "$out" --overwrite --export "$out/model.onnx"

echo "== 2/3 ONNX Runtime with the dendrite plugin"
"$tool" run "$out/model.onnx" --dataset mnist --summary "$out/ort_plugin.json"

echo "== 3/3 ONNX Runtime without the plugin (ONNX function bodies)"
"$tool" run "$out/model.onnx" --dataset mnist --no-plugin --summary "$out/ort_fallback.json"

/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
train = json.load(open(f"{out}/summary.json"))
plugin = json.load(open(f"{out}/ort_plugin.json"))
fallback = json.load(open(f"{out}/ort_fallback.json"))
print()
print(f"model {train['model']}: {train['params']:,} trainable parameters")
print(f"framework test accuracy          {100 * train['test_accuracy']:.2f}%")
print(f"ONNX Runtime + plugin accuracy    {100 * plugin['accuracy']:.2f}%  ({plugin['samples_per_second']:,.0f} samples/s)")
print(f"ONNX Runtime, no plugin accuracy  {100 * fallback['accuracy']:.2f}%  ({fallback['samples_per_second']:,.0f} samples/s)")
PY
