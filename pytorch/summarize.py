#!/usr/bin/python3
"""Markdown tables from the JSON lines that drtp_torch.py --json wrote (e.g. results/*.jsonl).

Usage: /usr/bin/python3 summarize.py results/a.jsonl [more.jsonl ...]"""

import json
import sys


def rows(paths):
    for path in paths:
        with open(path) as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def main(paths):
    train = [r for r in rows(paths) if r["command"] == "train"]
    speed = [r for r in rows(paths) if r["command"] == "speed"]
    online = [r for r in rows(paths) if r["command"] == "online"]
    if train:
        print("| mode | topology | conv | lr | epochs x trials | test error % (mean of last min(10,E)) "
              "| per trial | last epoch % | s/epoch (median) |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in train:
            conv = ("frozen" if r["freeze_conv_layers"] else "trained") if "CONV" in r["topology"] else "-"
            last = ", ".join(f"{c[-1]:.2f}" for c in r["test_error_curves"])
            per = ", ".join(f"{e:.2f}" for e in r["test_error_percent"])
            print(f"| {r['mode']} | {r['topology']} | {conv} | {r['lr']:g} | {r['epochs']} x {r['trials']} "
                  f"| {r['test_error_mean']:.2f} ± {r['test_error_std']:.2f} | {per} | {last} "
                  f"| {r['epoch_seconds_median']:.2f} |")
    if speed:
        print("\n| mode | topology | graph | threads | s/epoch median | s/epoch min | cpu s/epoch median | all timed epochs |")
        print("|---|---|---|---|---|---|---|---|")
        for r in speed:
            graph = "reference" if r["reference_graph"] else "pruned"
            print(f"| {r['mode']} | {r['topology']} | {graph} | {r['threads']} | {r['epoch_seconds_median']:.1f} "
                  f"| {r.get('epoch_seconds_min', float('nan')):.1f} | {r.get('epoch_cpu_seconds_median', float('nan')):.1f} | {', '.join(f'{t:.1f}' for t in r['epoch_seconds_all'])} |")
    if online:
        print("\n| mode | topology | optimizer | threads | samples/s median | max | all |")
        print("|---|---|---|---|---|---|---|")
        for r in online:
            print(f"| {r['mode']} | {r['topology']} | {r['optimizer']} | {r['threads']} "
                  f"| {r['samples_per_second']:.0f} | {r.get('samples_per_second_max', float('nan')):.0f} "
                  f"| {', '.join(f'{s:.0f}' for s in r['samples_per_second_all'])} |")


if __name__ == "__main__":
    main(sys.argv[1:])
