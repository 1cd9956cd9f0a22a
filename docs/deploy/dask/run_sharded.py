#!/usr/bin/env python3
"""Fan `bearing simulate --shard i/n` out over a Dask cluster, then `bearing merge` the shards.

The result is byte-identical to one unsharded `bearing simulate` run with the same scenario,
seed and trial count (Bearing's streams are keyed by trial and customer, never by worker).

Every worker must see the same `bearing` binary, scenario file and work directory (a shared
file system, or run the workers on one machine). Examples:

    # a throwaway local cluster with 2 worker processes
    python3 run_sharded.py --bearing .build/release/bearing --scenario Scenarios/saas-agency.yaml \\
        --seed 42 --trials 200 --shards 8 --work /shared/run42 --out /shared/run42/merged --local-workers 2

    # an existing cluster (dask scheduler at tcp://scheduler:8786)
    python3 run_sharded.py ... --scheduler tcp://scheduler:8786
"""
import argparse
import os
import subprocess
import sys


def simulate_shard(bearing, scenario, seed, trials, index, count, out, threads):
    """One task: run shard index/count into out; raise with bearing's message on failure."""
    command = [bearing, "simulate", scenario, "--seed", str(seed), "--trials", str(trials),
               "--shard", f"{index}/{count}", "--out", out, "--quiet"]
    if threads:
        command += ["--threads", str(threads)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"shard {index}/{count} failed (exit {result.returncode}): {result.stderr.strip()}")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bearing", required=True, help="path of the bearing executable (same on every worker)")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--trials", type=int, required=True)
    parser.add_argument("--shards", type=int, required=True, help="n: number of shard tasks")
    parser.add_argument("--work", required=True, help="directory for shard outputs (shard-1 ... shard-n)")
    parser.add_argument("--out", required=True, help="merged output directory")
    parser.add_argument("--threads", type=int, default=None, help="--threads for each shard (default: all cores)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", help="address of a running dask scheduler")
    where.add_argument("--local-workers", type=int, help="start a LocalCluster with this many worker processes")
    args = parser.parse_args()

    from dask.distributed import Client, LocalCluster

    bearing = os.path.abspath(args.bearing)
    scenario = os.path.abspath(args.scenario)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)

    cluster = None
    if args.local_workers:
        # One thread per worker process: each task is a subprocess that uses its own threads.
        cluster = LocalCluster(n_workers=args.local_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(args.scheduler)
    try:
        futures = [
            client.submit(simulate_shard, bearing, scenario, args.seed, args.trials, i, args.shards,
                          os.path.join(work, f"shard-{i}"), args.threads, pure=False, key=f"bearing-shard-{i}-of-{args.shards}")
            for i in range(1, args.shards + 1)
        ]
        shard_dirs = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    merge = subprocess.run([bearing, "merge", *shard_dirs, "--out", os.path.abspath(args.out)],
                           capture_output=True, text=True)
    if merge.returncode != 0:
        sys.exit(f"bearing merge failed (exit {merge.returncode}): {merge.stderr.strip()}")
    print(merge.stdout.strip())


if __name__ == "__main__":
    main()
