#!/usr/bin/env bash
# Runs drtp on every kind of bad input we know of (the hostile cases of issues 8 and 16: bad flags, damaged files,
# full disks, busy directories, huge sizes) and writes docs/bad-inputs.md: the command, the exit code and the
# message the user gets. Rerun after changing an error path: ./scripts/bad-inputs.sh
# --check (what .ci/run uses): write the table to a temporary file instead, and fail if any case exits with
# another code than expected or prints a Java stack trace.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./drtp --version >/dev/null 2>&1 || { echo "build failed" >&2; exit 1; }
jar="$root/drtp-cli/target/drtp.jar"
t="$(mktemp -d)"
full=0
trap 'rm -rf "$t"' EXIT
py=/usr/bin/python3
out="$root/docs/bad-inputs.md"
check=0
if [ "${1:-}" = "--check" ]; then check=1; out="$t/bad-inputs.md"; fi
failures=0
# Each case is one short JVM: the C1 compiler alone and the serial collector start fastest (keeps CI quick).
jvm=(java --add-modules jdk.incubator.vector -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar")
drtp() { "${jvm[@]}" "$@"; }

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
drtp train --topology FC_16_FC_10 --epochs 1 --save "$t/good.safetensors" >/dev/null 2>&1
head -c 3000 /dev/urandom > "$t/random.safetensors"
head -c 5000 "$t/good.safetensors" > "$t/truncated.safetensors"
$py - "$t" <<'PY'
import sys, struct, json
d = sys.argv[1]
b = open(d + '/good.safetensors', 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n]); data = b[8 + n:]
def crc32c(chunks):  # Castagnoli, reflected 0x82F63B78 (java.util.zip.CRC32C)
    c = 0xFFFFFFFF
    for chunk in chunks:
        for byte in chunk:
            c ^= byte
            for _ in range(8):
                c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
    return c ^ 0xFFFFFFFF
def write(name, header, payload=data):
    # A well-formed file with bad content: its checksum is recomputed as SafeTensors.checksum does, so that the
    # reader's own checks (format, sizes, NaN) are what the row shows.
    meta = {k: v for k, v in header['__metadata__'].items() if k != 'checksum'}
    text = ''.join(k + '\0' + meta[k] + '\0' for k in sorted(meta))
    entries = sorted((v['data_offsets'][0], v['data_offsets'][1], k, v) for k, v in header.items() if k != '__metadata__')
    text += ''.join(k + '\0' + v['dtype'] + '[' + ', '.join(str(x) for x in v['shape']) + ']' + str(b0) + ',' + str(e0)
                    + '\0' for b0, e0, k, v in entries)
    header['__metadata__']['checksum'] = 'crc32c:%08x' % crc32c([text.encode(), payload])
    j = json.dumps(header).encode(); j += b' ' * ((8 - len(j) % 8) % 8)
    open(d + '/' + name, 'wb').write(struct.pack('<Q', len(j)) + j + payload)
open(d + '/hugeheader.safetensors', 'wb').write(struct.pack('<Q', 2**62) + b[8:])
hh = json.loads(json.dumps(h)); hh['__metadata__']['format'] = 'pytorch'; write('format.safetensors', hh)
hh = json.loads(json.dumps(h)); hh['__metadata__']['topology'] = 'FC_400000_FC_10'; write('bigtopo.safetensors', hh)
nan = bytearray(data); o = h['layers.0.weight']['data_offsets'][0]; nan[o:o+4] = struct.pack('<f', float('nan')); write('nan.safetensors', h, bytes(nan))
big = bytearray(data); big[o:o+4] = struct.pack('<f', 1000.0); write('saturating.safetensors', h, bytes(big))
coarse = bytearray(data); coarse[o:o+4] = struct.pack('<f', 30.0); write('coarse.safetensors', h, bytes(coarse))
hh = json.loads(json.dumps(h)); hh['__metadata__']['label_count'] = 'abc'; write('labelcount.safetensors', hh)
PY
drtp train --topology FC_16_FC_10 --epochs 1 --precision int8 --optimizer sgd --batch-size 1 --lr 0.1 --save "$t/dev.safetensors" >/dev/null 2>&1
drtp train --topology FC_16_FC_10 --train-mode bp --epochs 1 --save "$t/bp.safetensors" >/dev/null 2>&1
printf '1,2,3\n' > "$t/narrow.csv"
printf '0,0,7,%s\n0,0,abc,%s\n' "$(seq -s, 1 781)" "$(seq -s, 1 781)" > "$t/text.csv"
printf '1,%s\nnan,%s\n' "$(seq -s, 1 783)" "$(seq -s, 1 783)" > "$t/nan.csv"
printf '1,2,3,0\n4,5,6,1\n7,8,9,12\n' > "$t/label.csv"
printf '1,2,3,0\n4,5,1\n' > "$t/ragged.csv"
mkdir -p "$t/ck"
drtp train --topology FC_16_FC_10 --epochs 1 --checkpoint-dir "$t/ck" >/dev/null 2>&1
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
printf '{"name": "g", "lr": 0.1, "lr": 0.2}' > "$t/griddup.json"
$py -c "import json,sys; l=list(range(1,51)); json.dump({'name':'g','batch_size':l,'epochs':l,'train_limit':l,'test_limit':l,'align_every':l,'validation':l}, open(sys.argv[1],'w'))" "$t/gridhuge.json"
grid1='"topology": "FC_8_FC_10", "epochs": 1, "train_limit": 200, "test_limit": 100'
printf '{"name": "d", %s, "lr": 0.2}' "$grid1" > "$t/gridd1.json"; printf '{"name": "d", %s, "lr": 0.3}' "$grid1" > "$t/gridd2.json"
drtp sweep "$t/gridd1.json" --out "$t/swd" --jobs 1 >/dev/null 2>&1
cp -r "$t/swd" "$t/swdamaged"; for f in "$t"/swdamaged/runs/*.json; do printf '{"foo": 1}' > "$f"; done
cp -r "$t/swd" "$t/swneg"; for f in "$t"/swneg/runs/*.json; do sed -i 's/"finalError" : [0-9.]*/"finalError" : -5/' "$f"; done
cp -r "$t/swd" "$t/swdiff"; for f in "$t"/swdiff/runs/*.json; do sed -i 's/"finalError" : [0-9.]*/"finalError" : 99/' "$f"; done

# Issue 16 fixtures: damaged checksummed files, a 3-class model, a run directory, odd targets, odd CSVs.
$py - "$t/good.safetensors" "$t/flipped.safetensors" <<'PY'
import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[-3] ^= 0x40; open(sys.argv[2], 'wb').write(bytes(b))
PY
mkdir -p "$t/ckflip"; drtp train --topology FC_16_FC_10 --epochs 2 --checkpoint-dir "$t/ckflip" >/dev/null 2>&1
$py - "$t/ckflip/trial-1/checkpoint.safetensors" <<'PY'
import sys, struct; p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); n = struct.unpack('<Q', b[:8])[0]
b[8 + n + 1234 * 4 + 3] ^= 0x01  # the exponent byte of one weight: 0.02 becomes ~1e37 (the issue's example)
open(p, 'wb').write(bytes(b))
PY
mkdir -p "$t/ck3"; drtp train --topology FC_16_FC_10 --epochs 3 --checkpoint-dir "$t/ck3" >/dev/null 2>&1
mkdir -p "$t/csv3" && printf '1,2,0\n3,4,1\n5,6,2\n' > "$t/csv3/train.csv" && cp "$t/csv3/train.csv" "$t/csv3/test.csv"
drtp train --dataset csv --data-dir "$t/csv3" --topology FC_4_FC_3 --epochs 1 --save "$t/m3.safetensors" >/dev/null 2>&1
printf '1,2,0\n3,4,-1\n' > "$t/labneg.csv"; printf '1,2,0\n3,4,1.5\n' > "$t/labfrac.csv"; printf '1,2,0\n3,4,7\n' > "$t/lab7.csv"
mkdir -p "$t/done"; drtp train --topology FC_16_FC_10 --epochs 1 --out "$t/done" >/dev/null 2>&1
ln -sf "$t/afile" "$t/link.safetensors"
printf '1,2,3,0\n4,5,6,1\n' > "$t/ok.csv"
printf '0,0.5,1,0\n' > "$t/unit.csv"
printf '\xef\xbb\xbf1,2,0\n3,4,1\n' > "$t/bom.csv"
printf '%s\n%s\n' "$(seq -s, 1 784)" "$(seq -s, 1 784)" > "$t/my-idx-rows.csv"
$py -c "import sys; open(sys.argv[1],'w').write('1,' + 'x' * (1 << 20) + ',0\n')" "$t/huge.csv"
huge_topology="FC_$($py -c "print('9' * 1000)")_FC_10"
gunzip -c "$root"/drtp-core/src/main/resources/org/drtp/data/mnist-10k/t10k-images-idx3-ubyte.gz > "$t/t10k-images"
mkfifo "$t/idx-pipe"
mkdir -p "$t/busy"
# A full disk: a 64 KB tmpfs (needs root and mount; the row is skipped elsewhere).
mkdir -p "$t/full"; full=0
if mount -t tmpfs -o size=64k tmpfs "$t/full" 2>/dev/null; then full=1; fi
trap '[ $full = 1 ] && umount "$t/full"; rm -rf "$t"' EXIT

row() { # expected exit code, description, then the drtp arguments
  local want="$1" what="$2"; shift 2
  local err code
  err="$(cd "$t" && DRTP_DATA="$t/emptydata" "${jvm[@]}" "$@" 2>&1 >/dev/null \
    < /dev/null; echo "exit=$?")"
  code="${err##*exit=}"
  err="$(echo "${err%exit=*}" | grep -v '^WARNING: Using incubator')"
  if [ "$code" != "$want" ] || echo "$err" | grep -qE '^\s+at |Exception in thread|^java\.'; then
    echo "bad-inputs: '$what' exited $code (expected $want): $(echo "$err" | head -n 3 | cut -c1-300)" >&2
    failures=$((failures + 1))
  fi
  err="$(echo "$err" | head -n 3)"
  local args="${*//$t\//}"
  args="${args//$huge_topology/FC_999...999_FC_10}"
  printf '| %s | `drtp %s` | %s | %s |\n' "$what" "$args" "$code" "$(echo "$err" | sed "s#$t/##g" | tr '\n' ' ' | sed 's/|/\\|/g; s/ *$//')" >> "$out.tmp"
}

cat > "$out.tmp" <<'EOF2'
# Bad input: what drtp says

Every row was produced by `scripts/bad-inputs.sh`, which builds the broken inputs and runs the command; rerun
it after changing an error path (`.ci/run` replays every row with `--check`, which fails on an unexpected exit
code or a stack trace). Exit code 2 = usage error (flags, topology, hyperparameters, paths given on the command
line, outputs that cannot be written or are in use, sizes beyond the Java heap), 1 = data error (files that cannot
be read or do not hold what they claim, damaged files, a write that failed) or a stopped run. No case prints a
stack trace (set `DRTP_DEBUG=1` for one). File readers are also fuzzed with 10,000 random and mutated inputs
each (jqwik): IDX (raw and gzip), CSV, CIFAR-10 batches and model files in `ReaderFuzzTest`, checkpoints given
to `--resume` in `CheckpointFuzzTest`; each either loads or fails with the project's `DataException` naming the
file. `ChecksumFlipTest` flips 1,000 random single bytes of tensor data in a model file and in a checkpoint:
every one is refused.

| input | command | exit | message |
|---|---|---|---|
EOF2
row 2 "negative learning rate" train --lr -1
row 2 "zero learning rate" train --lr 0
row 2 "zero epochs" train --epochs 0
row 2 "non-numeric epochs" train --epochs x
row 2 "negative batch size" train --batch-size -5
row 2 "zero trials" train --trials 0
row 2 "dropout of 1.5" train --dropout 1.5
row 2 "unknown layer type" train --topology FC_500_XX_10
row 2 "CONV without its four numbers" train --topology CONV_32_5_FC_10
row 2 "last layer not FC" train --topology CONV_32_5_1_2
row 2 "output size does not match the classes" train --topology FC_500_FC_7
row 2 "kernel larger than the image" train --topology CONV_8_40_1_0_FC_10
row 2 "unknown rule" train --train-mode foo
row 2 "unknown optimizer" train --optimizer foo
row 2 "sgd capitalised other than sgd or SGD" train --optimizer Sgd
row 2 "validation split without early stopping" train --validation-split 0.2
row 2 "early stopping with checkpoints" train --early-stop-patience 5 --checkpoint-dir ck
row 2 "BCE without sigmoid outputs" train --loss bce --output-act tanh
row 2 "hidden activation none" train --hidden-act none
row 2 "unknown option" train --foo
row 2 "unknown dataset" train --dataset foo
row 1 "missing --data-dir" train --dataset fashion-mnist --data-dir /nonexistent
row 1 "full MNIST not downloaded" train --dataset mnist
row 2 "--out is a file" train --out afile
row 2 "--out not writable" train --out /proc/drtp-out
row 2 "--save into a missing directory" train --save /nonexistent/m.safetensors
row 2 "--resume without --checkpoint-dir" train --resume
row 2 "checkpoints exist, no --resume" train --topology FC_16_FC_10 --epochs 1 --checkpoint-dir ck
row 2 "resume with other settings" train --topology FC_32_FC_10 --epochs 1 --checkpoint-dir ck --resume
row 1 "resume from a truncated checkpoint" train --topology FC_16_FC_10 --epochs 2 --checkpoint-dir ckcut --resume
row 1 "divergence (huge SGD step, MSE, linear outputs)" train --topology FC_64_FC_10 --optimizer sgd --lr 1e6 --loss mse --output-act none --epochs 2
row 1 "CIFAR-10: not downloaded" train --dataset cifar10 --topology CONV_8_3_1_1_FC_10
row 1 "CIFAR-10: a batch file cut short" train --dataset cifar10 --data-dir cifarcut --topology CONV_8_3_1_1_FC_10
row 1 "CIFAR-10: label 11" train --dataset cifar10 --data-dir cifarlabel --topology CONV_8_3_1_1_FC_10
row 2 "--augment flip on flat inputs" train --dataset csv --data-dir csvok --topology FC_4_FC_2 --augment flip --epochs 1
row 1 "csv dataset without --data-dir" train --dataset csv
row 1 "csv dataset without test.csv" train --dataset csv --data-dir csvdir
row 1 "IDX: wrong magic number" train --dataset mnist --data-dir wrongmagic
row 1 "IDX: truncated raw file" train --dataset mnist --data-dir truncated
row 1 "IDX: trailing bytes" train --dataset mnist --data-dir trailing
row 1 "IDX: truncated gzip" train --dataset mnist --data-dir truncgz
row 1 "IDX: corrupted gzip" train --dataset mnist --data-dir corruptgz
row 1 "IDX: header claims 2^31 x 4096 x 4096 bytes" train --dataset mnist --data-dir hugedims
row 1 "IDX: image and label counts differ" train --dataset mnist --data-dir countmismatch
row 1 "IDX: label 10 in a 10-class set" train --dataset mnist --data-dir badlabel
row 1 "IDX: labels with 2 dimensions" train --dataset mnist --data-dir dims
row 1 "IDX: a file missing" train --dataset mnist --data-dir missing
row 1 "sweep: unknown field in the grid file" sweep gridfield.json --out sw
row 1 "sweep: a combination that cannot run" sweep gridcombo.json --out sw
row 1 "sweep: grid file is not valid JSON" sweep gridjson.json --out sw
row 1 "sweep: a field given twice in the grid file" sweep griddup.json --out sw
row 1 "sweep: a grid of 15 billion runs (refused before it is expanded)" sweep gridhuge.json --out sw
row 2 "sweep: a different grid under a name --out already holds" sweep gridd2.json --out swd
row 2 "sweep: --jobs 100000" sweep gridd1.json --out swd --jobs 100000
row 0 "status: a damaged run file is counted, not fatal" status swdamaged
row 1 "status of a file, not a directory" status gridd1.json
row 1 "aggregate: a damaged run file" aggregate swdamaged --out agg
row 1 "aggregate: a run file with a negative error" aggregate swneg --out agg
row 1 "aggregate: one run, two copies with different results" aggregate swd swdiff --out agg
row 0 "sweep: a damaged run file is set aside and its run computed again" sweep gridd1.json --out swdamaged --jobs 1
row 1 "model: no such file" evaluate --model nope.safetensors
row 1 "model: random bytes" evaluate --model random.safetensors
row 1 "model: truncated" evaluate --model truncated.safetensors
row 1 "model: header length 2^62" evaluate --model hugeheader.safetensors
row 1 "model: not a drtp model" evaluate --model format.safetensors
row 1 "model: topology larger than its tensors" evaluate --model bigtopo.safetensors
row 1 "model: NaN weight" evaluate --model nan.safetensors
row 1 "predict: CSV rows of the wrong width" predict --model good.safetensors --input narrow.csv
row 1 "predict: text in a CSV" predict --model good.safetensors --input text.csv
row 1 "predict: NaN in a CSV" predict --model good.safetensors --input nan.csv
cp "$root/drtp-core/src/main/resources/org/drtp/data/mnist-10k/t10k-labels-idx1-ubyte.gz" "$t/"
row 1 "predict: IDX labels given as images" predict --model good.safetensors --input t10k-labels-idx1-ubyte.gz
row 2 "stream: neither --model nor --topology" stream --input label.csv
row 1 "stream: label beyond the classes" stream --topology FC_8_FC_10 --input label.csv --save s.safetensors
row 1 "stream: ragged CSV" stream --topology FC_8_FC_10 --input ragged.csv --save s2.safetensors
row 2 "inspect: bad --input-shape" inspect --input-shape 28by28
row 2 "inspect: int8 figures of a conv topology (nothing printed before)" inspect --precision int8 --topology CONV_4_5_1_2_FC_10 --json
row 1 "export-c: a weight that saturates int8" export-c --model saturating.safetensors --out c
row 1 "export-c: weights that would round to 0" export-c --model coarse.safetensors --out c
row 2 "export-c: a rule other than DRTP" export-c --model bp.safetensors --out c
row 2 "export-c: --out holds other files" export-c --model good.safetensors --out csvdir
mkdir -p "$t/proj/lib" && printf '/* an export header */\n' > "$t/proj/drtp_learner.h" && printf 'int main(void){return 0;}\n' > "$t/proj/main.c" && cp "$t/good.safetensors" "$t/proj/model.safetensors"
row 2 "export-c: --out holds an export header beside the user's files and the model (kept)" export-c --model proj/model.safetensors --out proj
row 2 "export-c: empty --out" export-c --model good.safetensors --out=
row 2 "export-c: --out in an unwritable place" export-c --model good.safetensors --out /proc/c
row 2 "export-c: float precision" export-c --model good.safetensors --out c --precision float32
row 2 "stream: integer precision with adam" stream --topology FC_8_FC_10 --input label.csv --precision int8 --optimizer adam
row 2 "device-demo: conv topology" device-demo --topology CONV_8_5_1_2_FC_10
row 2 "device-demo: float precision" device-demo --precision float32
row 2 "device-demo: more training digits than embedded" device-demo --train 9000
row 2 "device-demo: no test digits" device-demo --test 0
row 2 "device-demo: 5 outputs for the 10 digits" device-demo --topology FC_100_FC_5
row 2 "device-demo: a network the board cannot hold (found before building)" device-demo --train 5 --test 5 --topology FC_8000_FC_10
# Issue 16: no silent success, no silent overwrite, no trusted corruption.
if [ $full = 1 ]; then
  # The 120 KB model does not fit on the 64 KB file system: found when the model is written.
  row 1 "stream --save onto a full disk" stream --topology FC_2000_FC_10 --input ok.csv --save full/s.safetensors
fi
row 2 "stream --save into an unwritable place" stream --topology FC_8_FC_10 --input ok.csv --save /proc/s.safetensors
row 2 "train --save into an unwritable place (found before training)" train --topology FC_16_FC_10 --epochs 50 --save /proc/m.safetensors
row 2 "--save onto a device node" stream --topology FC_8_FC_10 --input ok.csv --save /dev/null
row 2 "--save onto a symbolic link" train --topology FC_16_FC_10 --epochs 1 --save link.safetensors
row 2 "train --save onto a model saved earlier (found before training)" train --topology FC_16_FC_10 --epochs 50 --save good.safetensors
row 2 "train --save onto a file of its own --out (found before training)" train --topology FC_16_FC_10 --epochs 1 --out o4 --save o4/summary.json
row 2 "train --save into its own checkpoints" train --topology FC_16_FC_10 --epochs 2 --checkpoint-dir ck --resume --save ck/trial-1/checkpoint.previous.safetensors
row 2 "train --resume --save onto a file the checkpointed run did not save" train --topology FC_16_FC_10 --epochs 2 --checkpoint-dir ck --resume --save good.safetensors
row 2 "stream --save onto a model saved earlier, not the --model continued" stream --topology FC_8_FC_10 --input ok.csv --save good.safetensors
row 2 "stream --precision int8 would replace a float --model with a device model" stream --model good.safetensors --input ok.csv --precision int8
row 1 "stream --precision int8: a CSV value that is not an integer 0..255" stream --topology FC_8_FC_10 --input unit.csv --precision int8 --save u.safetensors
row 2 "stream --precision int8 with another --input-scale than 1/255" stream --topology FC_8_FC_10 --input ok.csv --precision int8 --input-scale 0.0039
row 2 "stream --input-scale 0" stream --topology FC_8_FC_10 --input ok.csv --input-scale 0
row 2 "an empty path for --out (or any path flag)" train --topology FC_16_FC_10 --epochs 1 --out ""
row 2 "an empty --model" evaluate --model ""
row 2 "predict: a directory as --input" predict --model good.safetensors --input csvdir
row 2 "stream: a directory as --input" stream --topology FC_8_FC_10 --input csvdir
row 1 "predict --input - (standard input) with nothing on it" predict --model good.safetensors --input -
row 2 "a --batch-size too large for the heap" train --topology FC_16_FC_10 --epochs 1 --batch-size 2147483647
row 2 "resume with fewer epochs than done" train --topology FC_16_FC_10 --epochs 2 --checkpoint-dir ck3 --resume
row 1 "resume from a checkpoint with one flipped byte" train --topology FC_16_FC_10 --epochs 3 --checkpoint-dir ckflip --resume
row 1 "model with one flipped byte" evaluate --model flipped.safetensors
row 1 "predict: label -1 for a 3-class model" predict --model m3.safetensors --input labneg.csv
row 1 "predict: label 1.5" predict --model m3.safetensors --input labfrac.csv
row 1 "predict: label 7 for a 3-class model" predict --model m3.safetensors --input lab7.csv
row 2 "--out into a directory holding a run" train --topology FC_16_FC_10 --epochs 1 --out done
(cd "$t" && exec "${jvm[@]}" train --topology FC_16_FC_10 --epochs 200 --out busy --checkpoint-dir busy >/dev/null 2>&1) &
holder=$!
for _ in $(seq 1 100); do [ -s "$t/busy/.drtp.lock" ] && break; sleep 0.1; done
row 2 "two runs on one --out at once" train --topology FC_16_FC_10 --epochs 1 --out busy
row 2 "two runs on one --checkpoint-dir at once" train --topology FC_16_FC_10 --epochs 1 --checkpoint-dir busy
kill -9 "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
row 0 "the lock of a run killed with kill -9" train --topology FC_16_FC_10 --epochs 1 --out busy --overwrite
row 2 "topology too large for the heap" train --topology FC_100000_FC_100000_FC_10 --epochs 1
row 0 "stream --window 2147483647 (the window grows with the stream)" stream --topology FC_8_FC_10 --input ok.csv --window 2147483647
row 2 "drift-demo --window 2147483647" drift-demo --window 2147483647
row 2 "stream --micro-batch 2147483647" stream --topology FC_8_FC_10 --input ok.csv --micro-batch 2147483647 --save mb.safetensors
row 2 "a 1000-digit topology" train --topology "$huge_topology"
row 2 "inspect: a batch too large for the heap" inspect --batch-size 1000000000
row 2 "conv padding so large the output plane passes an int" inspect --topology CONV_8_5_1_2000000000_FC_10
row 0 "a CSV named *idx* is read as CSV" predict --model good.safetensors --input my-idx-rows.csv
(cat "$t/t10k-images" > "$t/idx-pipe" &)
row 0 "an IDX file through a pipe is read as IDX" predict --model good.safetensors --input idx-pipe
row 0 "a CSV with a UTF-8 byte-order mark" predict --model m3.safetensors --input bom.csv
row 1 "a 1 MB value in a CSV" predict --model m3.safetensors --input huge.csv
row 1 "a model whose label_count is not a number" evaluate --model labelcount.safetensors
row 2 "--headroom-bits in a float run" train --topology FC_16_FC_10 --epochs 1 --headroom-bits 3
row 2 "export-c --feedback-seed with stored feedback" export-c --model good.safetensors --out cseed --feedback-seed 7
row 2 "predict with a device model" predict --model dev.safetensors --input ok.csv
row 2 "stream --model with --train-mode (a saved model keeps its rule)" stream --model good.safetensors --input ok.csv --train-mode bp
row 2 "export-c --lr with a device model (quantised already)" export-c --model dev.safetensors --out cdev --lr 0.5
mv "$out.tmp" "$out"
echo "wrote $out"
if [ "$failures" -gt 0 ]; then echo "bad-inputs: $failures case(s) did not behave as expected" >&2; exit 1; fi
