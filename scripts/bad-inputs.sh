#!/usr/bin/env bash
# Runs drtp on every kind of bad input we know of and writes docs/bad-inputs.md: the command, the exit code and
# the message the user gets. Rerun after changing an error path: ./scripts/bad-inputs.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./drtp --version >/dev/null 2>&1 || { echo "build failed" >&2; exit 1; }
jar="$root/drtp-cli/target/drtp.jar"
t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT
py=/usr/bin/python3
out="$root/docs/bad-inputs.md"

# Fixtures: a good MNIST-format directory (copied from the embedded sample), then broken variants of it.
mk() { rm -rf "$t/$1"; mkdir -p "$t/$1"; cp "$root"/drtp-core/src/main/resources/org/drtp/data/mnist-10k/*.gz "$t/$1/"; }
raw() { gunzip -f "$t/$1/$2.gz"; }
mk wrongmagic; raw wrongmagic train-images-idx3-ubyte; printf '\x12\x34' | dd of="$t/wrongmagic/train-images-idx3-ubyte" conv=notrunc 2>/dev/null
mk truncated; raw truncated train-images-idx3-ubyte; truncate -s 100000 "$t/truncated/train-images-idx3-ubyte"
mk trailing; raw trailing t10k-labels-idx1-ubyte; printf 'xyz' >> "$t/trailing/t10k-labels-idx1-ubyte"
mk truncgz; head -c 50000 "$t/truncgz/train-images-idx3-ubyte.gz" > "$t/x" && mv "$t/x" "$t/truncgz/train-images-idx3-ubyte.gz"
mk corruptgz; printf 'garbagegarbage' | dd of="$t/corruptgz/train-images-idx3-ubyte.gz" bs=1 seek=5000 conv=notrunc 2>/dev/null
mk hugedims; rm "$t/hugedims/train-images-idx3-ubyte.gz"; printf '\x00\x00\x08\x03\x7f\xff\xff\xff\x00\x00\x10\x00\x00\x00\x10\x00' > "$t/hugedims/train-images-idx3-ubyte"
mk countmismatch; raw countmismatch t10k-labels-idx1-ubyte; $py - "$t/countmismatch/t10k-labels-idx1-ubyte" <<'PY'
import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[4:8]=(1999).to_bytes(4,'big'); open(p,'wb').write(bytes(b[:8+1999]))
PY
mk badlabel; raw badlabel t10k-labels-idx1-ubyte; printf '\x0a' | dd of="$t/badlabel/t10k-labels-idx1-ubyte" bs=1 seek=20 conv=notrunc 2>/dev/null
mk dims; raw dims t10k-labels-idx1-ubyte; $py - "$t/dims/t10k-labels-idx1-ubyte" <<'PY'
import sys; p=sys.argv[1]; b=open(p,'rb').read(); open(p,'wb').write(b'\x00\x00\x08\x02'+(1000).to_bytes(4,'big')+(2).to_bytes(4,'big')+b[8:])
PY
mk missing; rm "$t/missing/t10k-labels-idx1-ubyte.gz"
# Models: a good one, then broken ones.
java --add-modules jdk.incubator.vector -jar "$jar" train --topology FC_16_FC_10 --epochs 1 --save "$t/good.safetensors" >/dev/null 2>&1
head -c 3000 /dev/urandom > "$t/random.safetensors"
head -c 5000 "$t/good.safetensors" > "$t/truncated.safetensors"
$py - "$t" <<'PY'
import sys, struct, json
d = sys.argv[1]
b = open(d + '/good.safetensors', 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n]); data = b[8 + n:]
def write(name, header, payload=data):
    j = json.dumps(header).encode(); j += b' ' * ((8 - len(j) % 8) % 8)
    open(d + '/' + name, 'wb').write(struct.pack('<Q', len(j)) + j + payload)
open(d + '/hugeheader.safetensors', 'wb').write(struct.pack('<Q', 2**62) + b[8:])
hh = json.loads(json.dumps(h)); hh['__metadata__']['format'] = 'pytorch'; write('format.safetensors', hh)
hh = json.loads(json.dumps(h)); hh['__metadata__']['topology'] = 'FC_400000_FC_10'; write('bigtopo.safetensors', hh)
nan = bytearray(data); o = h['layers.0.weight']['data_offsets'][0]; nan[o:o+4] = struct.pack('<f', float('nan')); write('nan.safetensors', h, bytes(nan))
big = bytearray(data); big[o:o+4] = struct.pack('<f', 1000.0); write('saturating.safetensors', h, bytes(big))
coarse = bytearray(data); coarse[o:o+4] = struct.pack('<f', 30.0); write('coarse.safetensors', h, bytes(coarse))
PY
java --add-modules jdk.incubator.vector -jar "$jar" train --topology FC_16_FC_10 --train-mode bp --epochs 1 --save "$t/bp.safetensors" >/dev/null 2>&1
printf '1,2,3\n' > "$t/narrow.csv"
printf '0,0,7,%s\n0,0,abc,%s\n' "$(seq -s, 1 781)" "$(seq -s, 1 781)" > "$t/text.csv"
printf '1,%s\nnan,%s\n' "$(seq -s, 1 783)" "$(seq -s, 1 783)" > "$t/nan.csv"
printf '1,2,3,0\n4,5,6,1\n7,8,9,12\n' > "$t/label.csv"
printf '1,2,3,0\n4,5,1\n' > "$t/ragged.csv"
mkdir -p "$t/ck"
java --add-modules jdk.incubator.vector -jar "$jar" train --topology FC_16_FC_10 --epochs 1 --checkpoint-dir "$t/ck" >/dev/null 2>&1
rm -rf "$t/ckcut"; cp -r "$t/ck" "$t/ckcut"; ckf="$(find "$t/ckcut" -name checkpoint.safetensors | head -n 1)"
head -c 4000 "$ckf" > "$t/x" && mv "$t/x" "$ckf"
mkdir -p "$t/emptydata"
# CIFAR-10 binary fixtures: 3073-byte records (label, then 3x32x32 pixels); one file cut, one label out of range.
cifar() { rm -rf "$t/$1"; mkdir -p "$t/$1"; for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 test_batch; do head -c $((3073 * 4)) /dev/zero > "$t/$1/$f.bin"; done; }
cifar cifarcut; head -c 5000 /dev/zero > "$t/cifarcut/data_batch_3.bin"
cifar cifarlabel; printf '\x0b' | dd of="$t/cifarlabel/test_batch.bin" bs=1 seek=3073 conv=notrunc 2>/dev/null
printf '1,2,0\n3,4,1\n' > "$t/train.csv"; mkdir -p "$t/csvdir" && printf '1,2,0\n' > "$t/csvdir/train.csv"
mkdir -p "$t/csvok" && printf '1,2,0\n3,4,1\n' > "$t/csvok/train.csv" && printf '1,2,0\n' > "$t/csvok/test.csv"
touch "$t/afile"
printf '{"name": "g", "learning_rate": [1e-3, 1e-2]}' > "$t/gridfield.json"
printf '{"name": "g", "topology": ["FC_64_FC_10", "FC_64_FC_5"], "epochs": 1}' > "$t/gridcombo.json"
printf '{"name": "g", "train_mode": ["bp", "drtp"' > "$t/gridjson.json"

row() { # description, then the drtp arguments
  local what="$1"; shift
  local err code
  err="$(cd "$t" && DRTP_DATA="$t/emptydata" java --add-modules jdk.incubator.vector -jar "$jar" "$@" 2>&1 >/dev/null | grep -v '^WARNING: Using incubator' | head -n 3)"
  code=$?
  code="$(cd "$t" && DRTP_DATA="$t/emptydata" java --add-modules jdk.incubator.vector -jar "$jar" "$@" >/dev/null 2>&1; echo $?)"
  local args="${*//$t\//}"
  printf '| %s | `drtp %s` | %s | %s |\n' "$what" "$args" "$code" "$(echo "$err" | sed "s#$t/##g" | tr '\n' ' ' | sed 's/|/\\|/g; s/ *$//')" >> "$out.tmp"
}

cat > "$out.tmp" <<'EOF2'
# Bad input: what drtp says

Every row was produced by `scripts/bad-inputs.sh`, which builds the broken inputs and runs the command; rerun
it after changing an error path. Exit code 2 = usage error (flags, topology, hyperparameters, paths given on
the command line), 1 = data error (files that cannot be read or do not hold what they claim) or a stopped run.
No case prints a stack trace (set `DRTP_DEBUG=1` for one). File readers are also fuzzed with 10,000 random
and mutated inputs each (jqwik): IDX (raw and gzip), CSV, CIFAR-10 batches and model files in `ReaderFuzzTest`,
checkpoints given to `--resume` in `CheckpointFuzzTest`; each either loads or fails with the project's
`DataException` naming the file.

| input | command | exit | message |
|---|---|---|---|
EOF2
row "negative learning rate" train --lr -1
row "zero learning rate" train --lr 0
row "zero epochs" train --epochs 0
row "non-numeric epochs" train --epochs x
row "negative batch size" train --batch-size -5
row "zero trials" train --trials 0
row "dropout of 1.5" train --dropout 1.5
row "unknown layer type" train --topology FC_500_XX_10
row "CONV without its four numbers" train --topology CONV_32_5_FC_10
row "last layer not FC" train --topology CONV_32_5_1_2
row "output size does not match the classes" train --topology FC_500_FC_7
row "kernel larger than the image" train --topology CONV_8_40_1_0_FC_10
row "unknown rule" train --train-mode foo
row "unknown optimizer" train --optimizer foo
row "sgd capitalised other than sgd or SGD" train --optimizer Sgd
row "validation split without early stopping" train --validation-split 0.2
row "early stopping with checkpoints" train --early-stop-patience 5 --checkpoint-dir ck
row "BCE without sigmoid outputs" train --loss bce --output-act tanh
row "hidden activation none" train --hidden-act none
row "unknown option" train --foo
row "unknown dataset" train --dataset foo
row "missing --data-dir" train --dataset fashion-mnist --data-dir /nonexistent
row "full MNIST not downloaded" train --dataset mnist
row "--out is a file" train --out afile
row "--out not writable" train --out /proc/drtp-out
row "--save into a missing directory" train --save /nonexistent/m.safetensors
row "--resume without --checkpoint-dir" train --resume
row "checkpoints exist, no --resume" train --topology FC_16_FC_10 --epochs 1 --checkpoint-dir ck
row "resume with other settings" train --topology FC_32_FC_10 --epochs 1 --checkpoint-dir ck --resume
row "resume from a truncated checkpoint" train --topology FC_16_FC_10 --epochs 2 --checkpoint-dir ckcut --resume
row "divergence (huge SGD step, MSE, linear outputs)" train --topology FC_64_FC_10 --optimizer sgd --lr 1e6 --loss mse --output-act none --epochs 2
row "CIFAR-10: not downloaded" train --dataset cifar10 --topology CONV_8_3_1_1_FC_10
row "CIFAR-10: a batch file cut short" train --dataset cifar10 --data-dir cifarcut --topology CONV_8_3_1_1_FC_10
row "CIFAR-10: label 11" train --dataset cifar10 --data-dir cifarlabel --topology CONV_8_3_1_1_FC_10
row "--augment flip on flat inputs" train --dataset csv --data-dir csvok --topology FC_4_FC_2 --augment flip --epochs 1
row "csv dataset without --data-dir" train --dataset csv
row "csv dataset without test.csv" train --dataset csv --data-dir csvdir
row "IDX: wrong magic number" train --dataset mnist --data-dir wrongmagic
row "IDX: truncated raw file" train --dataset mnist --data-dir truncated
row "IDX: trailing bytes" train --dataset mnist --data-dir trailing
row "IDX: truncated gzip" train --dataset mnist --data-dir truncgz
row "IDX: corrupted gzip" train --dataset mnist --data-dir corruptgz
row "IDX: header claims 2^31 x 4096 x 4096 bytes" train --dataset mnist --data-dir hugedims
row "IDX: image and label counts differ" train --dataset mnist --data-dir countmismatch
row "IDX: label 10 in a 10-class set" train --dataset mnist --data-dir badlabel
row "IDX: labels with 2 dimensions" train --dataset mnist --data-dir dims
row "IDX: a file missing" train --dataset mnist --data-dir missing
row "sweep: unknown field in the grid file" sweep gridfield.json --out sw
row "sweep: a combination that cannot run" sweep gridcombo.json --out sw
row "sweep: grid file is not valid JSON" sweep gridjson.json --out sw
row "model: no such file" evaluate --model nope.safetensors
row "model: random bytes" evaluate --model random.safetensors
row "model: truncated" evaluate --model truncated.safetensors
row "model: header length 2^62" evaluate --model hugeheader.safetensors
row "model: not a drtp model" evaluate --model format.safetensors
row "model: topology larger than its tensors" evaluate --model bigtopo.safetensors
row "model: NaN weight" evaluate --model nan.safetensors
row "predict: CSV rows of the wrong width" predict --model good.safetensors --input narrow.csv
row "predict: text in a CSV" predict --model good.safetensors --input text.csv
row "predict: NaN in a CSV" predict --model good.safetensors --input nan.csv
row "predict: IDX labels given as images" predict --model good.safetensors --input "$root/drtp-core/src/main/resources/org/drtp/data/mnist-10k/t10k-labels-idx1-ubyte.gz"
row "stream: neither --model nor --topology" stream --input label.csv
row "stream: label beyond the classes" stream --topology FC_8_FC_10 --input label.csv --save s.safetensors
row "stream: ragged CSV" stream --topology FC_8_FC_10 --input ragged.csv --save s.safetensors
row "inspect: bad --input-shape" inspect --input-shape 28by28
row "export-c: a weight that saturates int8" export-c --model saturating.safetensors --out c
row "export-c: weights that would round to 0" export-c --model coarse.safetensors --out c
row "export-c: a rule other than DRTP" export-c --model bp.safetensors --out c
row "export-c: --out holds other files" export-c --model good.safetensors --out csvdir
row "export-c: float precision" export-c --model good.safetensors --out c --precision float32
row "stream: integer precision with adam" stream --topology FC_8_FC_10 --input label.csv --precision int8 --optimizer adam
row "device-demo: conv topology" device-demo --topology CONV_8_5_1_2_FC_10
row "device-demo: float precision" device-demo --precision float32
row "device-demo: more training digits than embedded" device-demo --train 9000
mv "$out.tmp" "$out"
echo "wrote $out"
