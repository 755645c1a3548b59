#!/usr/bin/env bash
# Slurm job array: one task per shard of a drtp reproduce grid.
#
#   sbatch --array=1-32 docs/cluster/slurm-reproduce.sh table1
#   sbatch --array=1-8 docs/cluster/slurm-reproduce.sh my-grid.json     # a grid file runs with 'drtp sweep'
#   # when all tasks are done:
#   ./drtp aggregate results/table1 --out results/table1
#
# Every task writes its finished runs into the same directory (results/EXPERIMENT on a shared file system);
# file names never collide across shards. A task that is killed or preempted loses only its runs in flight:
# resubmit the same array (or only the failed indices) and finished runs are skipped.
#SBATCH --job-name=drtp-reproduce
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=24:00:00
#SBATCH --output=logs/drtp-%A_%a.out
#SBATCH --requeue
set -euo pipefail

experiment="${1:?usage: sbatch --array=1-N slurm-reproduce.sh EXPERIMENT|GRID.json [extra flags]}"
shift
command=reproduce
name="$experiment"
if [[ "$experiment" == *.json ]]; then
  command=sweep
  name="$(basename "$experiment" .json)"
fi
shards="${SLURM_ARRAY_TASK_COUNT:?run this script as a Slurm job array (sbatch --array=1-N)}"
index="$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-1} + 1))"
out="${DRTP_OUT:-results/$name}"
mkdir -p logs "$out"

# One run per core; each run is single-threaded and deterministic.
exec ./drtp "$command" "$experiment" --shard "$index/$shards" --jobs "${SLURM_CPUS_PER_TASK:-1}" --out "$out" "$@"
