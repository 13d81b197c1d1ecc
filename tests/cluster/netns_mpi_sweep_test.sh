#!/usr/bin/env bash
# The MPI sweep across two hosts: two Linux network namespaces joined by a veth pair, each with
# its own address, stand for two machines. mpirun runs on host A (rank 0, the coordinator, and one
# worker); Open MPI starts its daemon on host B through an rsh agent that enters B's namespace
# (in place of ssh), and the ranks talk TCP between the two addresses. On host B the data folder
# and the store's folder are covered by empty file systems, so only rank 0 can have read them.
# Then the faults: every process of host B killed, and host B's link taken down, each mid-sweep;
# each must end the sweep with an error, and a rerun must complete the store with exactly one done
# row per configuration.
#   bash netns_mpi_sweep_test.sh DENDRITE_TOOL SOURCE_DIR
# Skips (exit 77) with the reason where namespaces cannot be made (not root, no CAP_NET_ADMIN).
set -uo pipefail
tool=$1
. "$(dirname "${BASH_SOURCE[0]}")/cluster_lib.sh"

[ "$(id -u)" = 0 ] || skip "network namespaces are made as root here (run as root, as CI does)"
for program in ip unshare mpirun sqlite3; do
  command -v "$program" >/dev/null || skip "$program is missing (apt-get install iproute2 util-linux openmpi-bin sqlite3)"
done

tag=d$$
ns_a=${tag}a ns_b=${tag}b
addr_a=10.213.$(($$ % 200)).1 addr_b=10.213.$(($$ % 200)).2
work=$(mktemp -d /tmp/dendrite-netns.XXXXXX)
cleanup() {
  local pids
  pids=$(ip netns pids "$ns_a" 2>/dev/null; ip netns pids "$ns_b" 2>/dev/null)
  # shellcheck disable=SC2086
  stop_processes $pids
  ip netns del "$ns_a" 2>/dev/null
  ip netns del "$ns_b" 2>/dev/null
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$ns_a" 2>"$work/ip.log" || skip "cannot make a network namespace: $(cat "$work/ip.log")"
ip netns add "$ns_b" || fail "cannot make the second namespace"
ip link add "${tag}va" type veth peer name "${tag}vb" || skip "cannot make a veth pair"
ip link set "${tag}va" netns "$ns_a" && ip link set "${tag}vb" netns "$ns_b" || fail "cannot move the veth ends"
ip -n "$ns_a" addr add "$addr_a/24" dev "${tag}va" && ip -n "$ns_b" addr add "$addr_b/24" dev "${tag}vb" || fail "cannot set addresses"
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set "${tag}va" up && ip -n "$ns_b" link set "${tag}vb" up || fail "cannot bring the link up"
wait_for 10 "host B to be up" bash -c "ip -n $ns_b -br addr show ${tag}vb | grep -q UP"

mkdir -p "$work/data" "$work/out"
make_cluster_data "$work/data"
store=$work/out/sweep.db

# The rsh agent: "agent HOST COMMAND..." runs the command on host B, that is in B's network
# namespace, with the host name hostb (its own UTS namespace, so the store records where each run
# ran) and in a mount namespace where the data and the store's folder are empty.
cat >"$work/agent.sh" <<AGENT
#!/bin/sh
host=\$1
shift
[ "\$host" = "$addr_b" ] || { echo "agent: unknown host \$host" >&2; exit 255; }
exec ip netns exec "$ns_b" unshare -m -u sh -c 'hostname hostb && mount -t tmpfs hidden "$work/data" && mount -t tmpfs hidden "$work/out" && exec sh -c "\$0"' "\$*"
AGENT
chmod +x "$work/agent.sh"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_WAIT_POLICY=passive
# sweep_across_hosts LOG [STORE]: rank 0 and one worker on host A, two workers on host B. mpirun
# gives up on an unreachable daemon after about 6 s of TCP keepalive (its default is 300 s +
# 9 x 20 s) and stops the job: rank 0 puts the runs in flight back. (The coordinator's own
# watch, --worker-timeout, is for when mpirun does not notice; coordinator_test covers it. Once
# rank 0 has aborted the job, mpirun still waits for the unreachable daemon up to its keepalive.)
sweep_across_hosts() {
  local log=$1 store=${2:-$store}
  ip netns exec "$ns_a" mpirun --host "$addr_a:2,$addr_b:2" -np 4 --oversubscribe \
    --mca plm_rsh_agent "$work/agent.sh" --mca plm_rsh_no_tree_spawn 1 \
    --mca oob_tcp_if_include "$addr_a/24" --mca btl_tcp_if_include "$addr_a/24" --mca btl tcp,self \
    --mca oob_tcp_keepalive_time 3 --mca oob_tcp_keepalive_intvl 1 --mca oob_tcp_keepalive_probes 3 \
    -x OMP_WAIT_POLICY -x PATH \
    "$tool" sweep --store "$store" "${DATA_ARGS[@]}" "${GRID_ARGS[@]}" --worker-timeout 30 >"$log" 2>&1
}

# 1. The whole sweep across the two hosts.
sweep_across_hosts "$work/whole.log" || { cat "$work/whole.log"; fail "the sweep across two hosts failed"; }
check_complete "$store"
hosts_b=$(query "$store" "SELECT count(*) FROM runs WHERE host = 'hostb'")
wrong=$(query "$store" "SELECT count(*) FROM runs WHERE (host = 'hostb') <> (rank IN (2, 3))")
[ "$hosts_b" -ge 1 ] || fail "no run was trained on host B: $(query "$store" "SELECT group_concat(rank || '@' || host) FROM runs")"
[ "$wrong" = 0 ] || fail "ranks and hosts do not match: $(query "$store" "SELECT group_concat(rank || '@' || host) FROM runs")"
echo "PASSED: the sweep across two hosts: $RUNS runs, $hosts_b of them on host B"

# fault NAME ACTION [MESSAGE]: a sweep on a store of its own, ACTION run once the first run is done; the
# sweep must end (within 120 s) with a non-zero exit and an error message, and a rerun across the
# two hosts must complete the store.
fault() {
  local name=$1 action=$2 message=${3:-} fault_store=$work/out/$1.db log=$work/$1.log
  sweep_across_hosts "$log" "$fault_store" &
  local sweep=$!
  wait_for 120 "the first done run before '$name'" bash -c "[ \"\$(sqlite3 -readonly 'file:$fault_store?mode=ro' \"SELECT count(*) FROM runs WHERE status = 'done'\" 2>/dev/null)\" -ge 1 ]"
  local before=$SECONDS
  $action
  local waited=0
  while kill -0 "$sweep" 2>/dev/null; do
    [ "$waited" -lt 600 ] || { cat "$log"; fail "$name: the sweep still runs 120 s after the fault"; }
      sleep 0.2
    waited=$((waited + 1))
  done
  wait "$sweep"
  local code=$?
  echo "--- $name: the sweep ended after $((SECONDS - before)) s with exit $code; its last lines:"
  tail -n 6 "$log"
  [ "$code" != 0 ] || fail "$name: the sweep exited 0 although host B was lost"
  [ -z "$message" ] || grep -q "$message" "$log" || fail "$name: the sweep's output does not say '$message'"
  [ "$(count_done "$fault_store")" -lt "$RUNS" ] || fail "$name: the sweep completed before the fault; nothing was tested"
  restore_host_b
  sweep_across_hosts "$work/$name-rerun.log" "$fault_store" || { cat "$work/$name-rerun.log"; fail "$name: the rerun failed"; }
  check_complete "$fault_store"
  echo "PASSED: $name: the sweep ended with an error, and a rerun completed the store"
}
kill_host_b() { local pids; pids=$(ip netns pids "$ns_b"); [ -n "$pids" ] || fail "host B runs no process"; kill -KILL $pids; }
link_down() { ip -n "$ns_b" link set "${tag}vb" down; }
restore_host_b() {
  # shellcheck disable=SC2046
  stop_processes $(ip netns pids "$ns_b")
  ip -n "$ns_b" link set "${tag}vb" up
}
fault kill-host-b kill_host_b "the runs in flight are pending again"
# Host B's link down: no process dies; mpirun's keepalive finds the daemon gone.
fault link-down link_down "the runs in flight are pending again"
