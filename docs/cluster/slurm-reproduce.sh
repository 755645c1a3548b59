#!/usr/bin/env bash
# Slurm job array: one task per shard of a drtp grid (`drtp reproduce EXPERIMENT` or `drtp sweep GRID.json`).
# Submit from the repository root on a shared file system (tasks start there and run ./drtp):
#
#   ./drtp --version                                          # build the jar once, before the tasks start
#   sbatch --array=1-32 docs/cluster/slurm-reproduce.sh table1
#   sbatch --array=1-8 docs/cluster/slurm-reproduce.sh my-grid.json --out results/mine  # a grid file: drtp sweep
#   ./drtp status results/table1                              # finished / running or missing / failed, ETA
#   ./drtp aggregate results/table1                           # when every task has finished
#
# Array index K runs shard K of N (1-based); N is the top of the array --array=1-N. Every task writes its
# finished runs to the same directory (drtp's default results/NAME, or --out DIR), file names never collide.
# A task that is cancelled, killed or preempted loses only its runs in flight (preempted tasks are requeued by
# Slurm: --requeue). To rerun tasks, resubmit only their indices and say N, which a partial array cannot tell:
#
#   sbatch --array=3,7 --export=ALL,DRTP_SHARDS=32 docs/cluster/slurm-reproduce.sh table1
#
# Finished runs are skipped. Each task logs to drtp-JOBID_INDEX.out in the submission directory (Slurm opens
# it before the script starts, so it cannot name a directory that does not exist yet). See docs/cluster/README.md.
#SBATCH --job-name=drtp
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=24:00:00
#SBATCH --output=drtp-%A_%a.out
#SBATCH --open-mode=append
#SBATCH --requeue
set -euo pipefail

fail() {
  echo "slurm-reproduce.sh: $1" >&2
  exit 2
}

[ $# -ge 1 ] || fail "usage: sbatch --array=1-N slurm-reproduce.sh EXPERIMENT|GRID.json [drtp flags]"
experiment="$1"
shift
command=reproduce
[[ "$experiment" == *.json ]] && command=sweep
[ -n "${SLURM_ARRAY_TASK_ID:-}" ] || fail "not a Slurm array task: submit with sbatch --array=1-N"
[ -x ./drtp ] || fail "no ./drtp in $PWD: submit from the repository root"

index="$SLURM_ARRAY_TASK_ID"
if [ -n "${DRTP_SHARDS:-}" ]; then
  shards="$DRTP_SHARDS"
elif [ "${SLURM_ARRAY_TASK_MIN:-}" = 1 ] && [ "${SLURM_ARRAY_TASK_COUNT:-}" = "${SLURM_ARRAY_TASK_MAX:-}" ]; then
  shards="$SLURM_ARRAY_TASK_MAX"   # a full array 1-N
else
  fail "array ${SLURM_ARRAY_TASK_MIN:-?}-${SLURM_ARRAY_TASK_MAX:-?} with ${SLURM_ARRAY_TASK_COUNT:-?} task(s) is not a full 1-N: \
say how many shards the grid has, e.g. sbatch --array=$index --export=ALL,DRTP_SHARDS=N ..."
fi
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || fail "DRTP_SHARDS: expected a positive integer, got '$shards'"
[ "$index" -ge 1 ] && [ "$index" -le "$shards" ] \
  || fail "array index $index is not a shard of 1-$shards (array indices are the shard numbers: --array=1-N)"

# One run per core; each run is single-threaded and deterministic. Slurm sends SIGTERM on scancel, preemption
# and time limit; exec lets drtp receive it (a run in flight is lost, a finished one never is).
exec ./drtp "$command" "$experiment" --shard "$index/$shards" --jobs "${SLURM_CPUS_PER_TASK:-1}" "$@"
