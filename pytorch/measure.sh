#!/bin/bash
# Reproduces the figures in README.md. Usage: bash measure.sh {a|b|c} [OUTDIR]
# Accuracy runs (a, b) default to 1 thread: a 2-thread OpenBLAS next to any other busy process on a
# 2-core machine spins and slows down many-fold, and the thread count does not change what is learned.
# Each run appends its JSON line to OUTDIR/<part>.jsonl; progress goes to OUTDIR/<part>.log.
# OpenBLAS is picked per run (apt-get install libopenblas0-pthread) without changing the system
# alternative; drop OPENBLAS_LIB= to use whatever libblas.so.3 the system points at.
set -euo pipefail
part=${1:?a, b or c}
out=${2:-results}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
OPENBLAS_LIB=${OPENBLAS_LIB-/usr/lib/x86_64-linux-gnu/openblas-pthread}
run() { LD_LIBRARY_PATH=$OPENBLAS_LIB /usr/bin/python3 "$here/drtp_torch.py" "$@" --json \
          2>>"$out/$part.log" | tail -n 1 >>"$out/$part.jsonl"; }
MNIST10K=${MNIST10K:-$here/../drtp-core/src/main/resources/org/drtp/data/mnist-10k}
FASHION=${FASHION:-/usr/share/datasets/fashion-mnist}
case $part in
a)  # Paper protocol on mnist-10k: FC2-500, Adam, batch 60, BCE+sigmoid, tanh, 25 epochs, 2 trials.
    common=(train --dataset mnist-idx --data-dir "$MNIST10K" --topology FC_500_FC_500_FC_10
            --optimizer adam --batch-size 60 --epochs 25 --trials 2 --loss bce --output-act sigmoid
            --hidden-act tanh --threads "${THREADS:-1}")
    for m in bp fa dfa sdfa drtp; do run "${common[@]}" --mode $m --lr 5e-4; done
    run "${common[@]}" --mode shallow --lr 5e-3 ;;
b|b-frozen|b-trained)
    # Fashion-MNIST, CONV_32_5_1_2_FC_1000_FC_10, Adam lr 5e-4, batch 60, tanh, BCE, 1 trial.
    # b-frozen and b-trained can run side by side (one thread each) on the 2 cores.
    E=${EPOCHS:-15}
    common=(train --dataset mnist-idx --data-dir "$FASHION" --topology CONV_32_5_1_2_FC_1000_FC_10
            --optimizer adam --lr 5e-4 --batch-size 60 --epochs "$E" --trials 1 --loss bce
            --output-act sigmoid --conv-act tanh --hidden-act tanh --threads "${THREADS:-1}")
    if [ "$part" != b-trained ]; then
        for m in bp dfa drtp; do run "${common[@]}" --mode $m --freeze-conv-layers; done
    fi
    if [ "$part" != b-frozen ]; then
        for m in bp drtp; do run "${common[@]}" --mode $m; done
    fi ;;
c)  # Speed on random data of MNIST's shape: FC2-1000, batch 60, Adam; 1 and 2 threads.
    # 1-thread runs first: their CPU seconds are a contention-robust single-core figure on a shared
    # machine; the 2-thread wall times are only meaningful on a quiet one.
    common=(speed --dataset synthetic-mnist-shape --topology FC_1000_FC_1000_FC_10 --optimizer adam
            --batch-size 60 --epochs "${EPOCHS:-4}")
    run "${common[@]}" --mode bp --threads 1
    run "${common[@]}" --mode drtp --threads 1
    run "${common[@]}" --mode drtp --threads 1 --reference-graph
    run online --mode drtp --topology FC_500_FC_10 --optimizer sgd --lr 1e-3 --threads 1
    run online --mode drtp --topology FC_500_FC_10 --optimizer sgd --lr 1e-3 --threads 2
    run "${common[@]}" --mode bp --threads 2
    run "${common[@]}" --mode drtp --threads 2
    run "${common[@]}" --mode drtp --threads 2 --reference-graph ;;
*)  echo "unknown part $part" >&2; exit 2 ;;
esac
