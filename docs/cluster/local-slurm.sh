#!/usr/bin/env bash
# A throwaway single-node Slurm on this machine, for trying the job-array template before a real cluster
# (and for drtp's own test of it, SlurmArrayTest). Needs root and Debian's packages `slurm-wlm` and `munge`.
#
#   sudo docs/cluster/local-slurm.sh /tmp/my-slurm        # runs in the foreground; Ctrl-C (or closing its
#                                                         # standard input) stops every daemon and job
#   export SLURM_CONF=/tmp/my-slurm/slurm.conf            # in another shell: sbatch, squeue, scancel, sinfo
#
# Everything lives in DIR (an empty or missing directory): slurm.conf, munge key and socket, state, spool,
# logs. Nothing outside it is read or written: munged, slurmctld and slurmd run in the foreground
# (-F, -D) with their own socket and free loopback ports, so it can run next to a system Slurm or another
# copy of itself. One node (this machine: its CPUs and memory as `slurmd -C` reports them), one partition,
# CPUs as the consumable resource (two one-CPU tasks run at once on two cores), no cgroups, no accounting.
# When the node is idle it writes DIR/ready and prints "ready"; it exits 3 if the daemons do not come up.
set -euo pipefail

dir="${1:?usage: local-slurm.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
[ "$(id -u)" = 0 ] || { echo "local-slurm: needs root (slurmd runs jobs as their users)" >&2; exit 3; }
for tool in munged mungekey slurmctld slurmd sinfo scancel squeue; do
  command -v "$tool" >/dev/null || { echo "local-slurm: $tool not found (apt-get install slurm-wlm munge)" >&2; exit 3; }
done

# Every process started from here (daemons, slurmstepd, jobs) carries this marker, so teardown finds them all.
export DRTP_LOCAL_SLURM="$dir"
export SLURM_CONF="$dir/slurm.conf"
pids=()

teardown() {
  trap - EXIT INT TERM
  scancel --full --quiet --user=root 2>/dev/null || true
  for _ in $(seq 50); do   # up to 5 s for jobs to end while slurmd is still there to end them
    [ -z "$(squeue --noheader 2>/dev/null)" ] && break
    sleep 0.1
  done
  [ "${#pids[@]}" -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  # slurmstepd and job processes outlive slurmd: end whatever still carries the marker (slurmstepd inherits it
  # from slurmd) or is a job of this cluster (a SLURM_JOB_ID and this SLURM_CONF, which jobs inherit from the
  # submitting shell); never ourselves, never a shell that merely exported SLURM_CONF.
  local p env
  for _ in 1 2; do
    for p in /proc/[0-9]*; do
      p="${p#/proc/}"
      [ "$p" = "$$" ] && continue
      env="$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null)" || continue
      if grep -qxF "DRTP_LOCAL_SLURM=$dir" <<<"$env" \
         || { grep -qxF "SLURM_CONF=$SLURM_CONF" <<<"$env" && grep -q '^SLURM_JOB_ID=' <<<"$env"; }; then
        kill -KILL "$p" 2>/dev/null || true
      fi
    done
    sleep 0.5
  done
  wait 2>/dev/null || true
}
trap teardown EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 711 "$dir/munge"   # munged wants the socket directory reachable by every user
rm -f "$dir/ready"
[ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key"
chmod 600 "$dir/munge/munge.key"
: >"$dir/plugstack.conf"   # not the system's /etc/slurm/plugstack.conf

ctld_port="$(free_port)"
slurmd_port="$(free_port)"
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port="$(free_port)"; done
node="$(hostname -s)"
# "NodeName=vm CPUs=2 Boards=1 ... RealMemory=24105": the machine as slurmd sees it.
hardware="$(slurmd -C | head -n 1 | sed -e "s/^NodeName=[^ ]* //")"

cat >"$SLURM_CONF" <<EOF
ClusterName=drtplocal
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
PlugStackConfig=$dir/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
KillWait=5
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

munged --foreground --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed" --log-file="$dir/log/munged.log" >>"$dir/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$dir/munge/munge.socket" ] && break; sleep 0.1; done
slurmctld -D -i -f "$SLURM_CONF" >>"$dir/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" >>"$dir/log/slurmd.out" 2>&1 &
pids+=($!)

state=""
for _ in $(seq 300); do   # up to 30 s
  state="$(sinfo --noheader --nodes="$node" --format=%t 2>/dev/null || true)"
  [ "$state" = idle ] && break
  for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null || { echo "local-slurm: a daemon exited; see $dir/log/" >&2; exit 3; }
  done
  sleep 0.1
done
if [ "$state" != idle ]; then
  echo "local-slurm: node $node is '${state:-unreachable}', not idle, after 30 s; see $dir/log/" >&2
  exit 3
fi
touch "$dir/ready"
echo "ready: export SLURM_CONF=$SLURM_CONF"

# Until the caller closes our standard input (or dies: the pipe closes) or sends INT/TERM; at most a day.
# `wait` on a background reader, because bash runs the INT/TERM trap only once a foreground command ends.
exec 3<&0
timeout 86400 cat <&3 >/dev/null &
wait $! || true
