#!/usr/bin/env bash
# The sweep under a real one-node Slurm: this test starts munged, slurmctld and slurmd (Debian's
# packages) on a private configuration, submits tools/sweep_slurm.sbatch, cancels the job while
# runs are in flight (scancel sends SIGTERM: the coordinator puts them back), submits it again and
# checks that the store ends with exactly one done row per configuration.
#   bash slurm_sweep_test.sh DENDRITE_TOOL SOURCE_DIR
# Skips (exit 77) with the reason where the daemons cannot run: not root, packages missing.
set -uo pipefail
tool=$1 source_dir=$2
. "$(dirname "${BASH_SOURCE[0]}")/cluster_lib.sh"

[ "$(id -u)" = 0 ] || skip "Slurm's daemons are started as root here (run as root, as CI does)"
for program in /usr/sbin/munged /usr/sbin/slurmctld /usr/sbin/slurmd sbatch scancel squeue sinfo mpirun sqlite3; do
  command -v "$program" >/dev/null || skip "$program is missing (apt-get install munge slurmctld slurmd slurm-client openmpi-bin sqlite3)"
done

work=$(mktemp -d /tmp/dendrite-slurm.XXXXXX)
daemons=()
cleanup() {
  scancel --full --signal=KILL --quiet --name=dendrite-sweep 2>/dev/null
  local pids=() pid_file
  for pid_file in "${daemons[@]}"; do
    [ -f "$pid_file" ] && pids+=("$(cat "$pid_file")")
  done
  stop_processes "${pids[@]}"
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# munge: a key of our own, a private socket.
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/data" "$work/out"
chmod 700 "$work/munge"
head -c 128 /dev/urandom >"$work/munge/munge.key" && chmod 400 "$work/munge/munge.key"
/usr/sbin/munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.sock" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" ||
  skip "munged does not start here: $(tail -n 3 "$work/munge/munged.log" 2>/dev/null)"
daemons+=("$work/munge/munged.pid")

# Two free TCP ports for slurmctld and slurmd (the system's own Slurm, if any, keeps 6817/6818).
read -r ctld_port slurmd_port < <(/usr/bin/python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
host=$(hostname -s)
# The node has the machine's cores; the job takes two tasks (the coordinator and one worker), so
# it fits a 2-core machine with Open MPI's binding to cores. No cgroups: processes are tracked by
# their tree, Slurm binds no tasks.
cat >"$work/slurm.conf" <<CONF
ClusterName=dendritetest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
KillWait=20
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
/usr/sbin/slurmctld -f "$SLURM_CONF" || skip "slurmctld does not start here: $(tail -n 3 "$work/slurmctld.log")"
daemons+=("$work/slurmctld.pid")
/usr/sbin/slurmd -f "$SLURM_CONF" || skip "slurmd does not start here: $(tail -n 3 "$work/slurmd.log")"
daemons+=("$work/slurmd.pid")
wait_for 60 "the Slurm node to be idle" bash -c 'sinfo -h -o %t | grep -qx idle'
echo "Slurm is up: $(sinfo -h -o '%P %D %t %c CPUs')"

make_cluster_data "$work/data"
store=$work/out/sweep.db
export DENDRITE=$tool OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=passive
submit() {  # prints the job id
  sbatch --parsable --ntasks=2 --chdir="$work/out" --output="$work/out/job-%j.log" \
    "$source_dir/tools/sweep_slurm.sbatch" --store "$store" "${DATA_ARGS[@]}" "${GRID_ARGS[@]}"
}
job_gone() { [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; }
# Some run done, or the job over (then the caller checks why).
some_done_or_over() { [ "$(count_done "$store" 2>/dev/null || echo 0)" -ge 1 ] 2>/dev/null || job_gone "$1"; }

# 1. Submit, cancel once some runs are done and others are in flight.
job=$(submit) || fail "sbatch refused the job"
echo "submitted job $job"
wait_for 120 "the first done run of job $job" some_done_or_over "$job"
job_gone "$job" && fail "job $job ended before it was cancelled: $(cat "$work/out/job-$job.log")"
scancel "$job"
wait_for 60 "job $job to end after scancel" job_gone "$job"
done_after_cancel=$(count_done "$store")
running=$(query "$store" "SELECT count(*) FROM runs WHERE status = 'running'")
echo "after scancel: $done_after_cancel of $RUNS runs done, $running left running"
cat "$work/out/job-$job.log"
[ "$done_after_cancel" -lt "$RUNS" ] || fail "the job finished before it was cancelled; nothing was tested"
[ "$running" = 0 ] || fail "$running runs stay 'running' after scancel (the coordinator did not put them back)"
# The coordinator saw the SIGTERM and recorded its sweep as interrupted (Slurm stops copying the
# job's output once it cancels, so the store is the witness).
status=$(query "$store" "SELECT status FROM sweeps ORDER BY id DESC LIMIT 1")
[ "$status" = interrupted ] || fail "the cancelled sweep is recorded as '$status', not 'interrupted'"

# 2. Submit the same job again: the store completes, each configuration once.
job=$(submit) || fail "sbatch refused the second job"
echo "submitted job $job again"
wait_for 300 "job $job to finish" job_gone "$job"
cat "$work/out/job-$job.log"
check_complete "$store"
echo "PASSED: the store has exactly one done row for each of the $RUNS configurations"
