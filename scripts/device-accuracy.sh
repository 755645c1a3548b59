#!/usr/bin/env bash
# The measurements behind docs/on-device.md: one prequential pass over the 8,000 training digits of the embedded
# sample in stored order (batch 1, plain SGD, DRTP, seed 42), then the accuracy on its 2,000 test digits, for
# float32 and the integer formats. Prints a markdown table; every row is `drtp stream` + `drtp evaluate`.
# Usage: ./scripts/device-accuracy.sh [CONFIG...]   CONFIG = topology:precision:feedback:headroom:lr
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/drtp" --version >/dev/null
drtp() { java --add-modules jdk.incubator.vector -jar "$root/drtp-cli/target/drtp.jar" "$@" 2>&1 | grep -v '^WARNING: Using incubator'; }
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
cp "$root"/drtp-core/src/main/resources/org/drtp/data/mnist-10k/*.gz "$data/"
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then
  configs=(FC_100_FC_10:float32:stored:4:0.1 FC_100_FC_10:int8:stored:4:0.1 FC_100_FC_10:int8:seed:4:0.1
           FC_100_FC_10:int8-nearest:stored:4:0.1 FC_100_FC_10:int8:stored:2:0.1 FC_100_FC_10:int8:stored:3:0.1
           FC_100_FC_10:int8:stored:5:0.1 FC_100_FC_10:int16:stored:4:0.1 FC_100_FC_10:int16:stored:6:0.1
           FC_100_FC_10:int16-nearest:stored:6:0.1
           FC_16_FC_10:float32:stored:4:0.1 FC_16_FC_10:int8:stored:4:0.1 FC_20_FC_10:float32:stored:4:0.1
           FC_20_FC_10:int8:stored:4:0.1 FC_24_FC_10:float32:stored:4:0.1 FC_24_FC_10:int8:stored:4:0.1
           FC_24_FC_10:int8:seed:4:0.1 FC_32_FC_10:float32:stored:4:0.1 FC_32_FC_10:int8:stored:4:0.1)
fi
echo "| topology | precision | feedback | headroom bits | lr | prequential, last 2,000 (%) | test (%) | saturated updates |"
echo "|---|---|---|---|---|---|---|---|"
for c in "${configs[@]}"; do
  IFS=: read -r topo prec fb head lr <<<"$c"
  model="$data/m.safetensors"
  rm -f "$model"
  s="$(drtp stream --topology "$topo" --precision "$prec" --feedback "$fb" --headroom-bits "$head" --lr "$lr" \
        --input "$data/train-images-idx3-ubyte.gz" --labels "$data/train-labels-idx1-ubyte.gz" --window 2000 \
        --report-every 8000 --save "$model")"
  preq="$(grep -o 'rolling accuracy [0-9.]*' <<<"$s" | tail -1 | awk '{print $3}')"
  sat="$(grep -o "[0-9]* weight updates saturated" <<<"$s" | awk "{print \$1}" || true)"
  err="$(drtp evaluate --model "$model" | grep -o 'error [0-9.]*' | awk '{print $2}')"
  if [ "$prec" = float32 ]; then fb="-"; head="-"; sat="-"; fi
  printf '| %s | %s | %s | %s | %s | %s | %.2f | %s |\n' "$topo" "$prec" "$fb" "$head" "$lr" "$preq" \
    "$(echo "100 - $err" | bc -l)" "${sat:-0}"
done
