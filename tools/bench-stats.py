#!/usr/bin/python3
"""Measurement and reporting half of tools/bench.

tools/bench starts and stops the servers; this script does the parts that
need arithmetic or parsing:

  free-port                 print a TCP port that is free on 127.0.0.1 now
  load SERVER PID P N OUT FAILURES -- CMD...
                            run CMD (a `redis-benchmark --csv` invocation),
                            read its rows as they appear and charge the server
                            process's CPU time between rows to each row;
                            append one TSV line per test to OUT, and a
                            line to FAILURES if CMD fails
  syscalls SERVER TEST P N OUT PERF_OR_STRACE_FILE
                            turn a `perf stat -x,` or `strace -c` output file
                            into one TSV line "server test P requests syscalls"
  table LOADS SYSCALLS      print the Markdown tables comparing the servers

Why rows are timed as they stream: redis-benchmark prints a test's CSV row
the moment that test finishes, so sampling /proc/PID/stat at each row splits
one invocation's CPU time per test, including the LPUSH fill that
lrange_* tests run first (reported nowhere, but kept out of LRANGE's cost).
"""

import csv
import os
import socket
import subprocess
import sys

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")  # the same value `getconf CLK_TCK` prints
FILL_MARKER = "needed to benchmark"     # redis-benchmark's name for lrange's LPUSH fill
BASELINE = "redis"                      # the server every ratio divides by


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid):
    """utime + stime of the whole process; /proc/PID/stat sums all threads."""
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    # The command name (field 2) may hold spaces, so count fields after ')'.
    fields = text[text.rindex(")") + 2:].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat
    return (utime + stime) / CLOCK_TICKS


def row_name(csv_test):
    """'LRANGE_100 (first 100 elements)' -> 'lrange_100'."""
    return csv_test.split(" ")[0].lower()


def run_load(server, pid, pipeline, requests, out_path, failures_path, command):
    # stdbuf: redis-benchmark's stdout is a pipe here, so without line
    # buffering every row would arrive at exit and the CPU split would be lost.
    # Its stderr joins the same pipe to be kept for the failure note: on an
    # error reply ("Error from server: ERR unknown command") it exits at once.
    before = cpu_seconds(pid)
    process = subprocess.Popen(["stdbuf", "-oL"] + command, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    rows, messages = [], []
    for line in process.stdout:
        now = cpu_seconds(pid)
        if not line.startswith('"'):
            messages.append(line.strip())
            continue
        fields = next(csv.reader([line]))
        if len(fields) < 7 or fields[0] == "test":
            continue
        spent, before = now - before, now
        if FILL_MARKER in fields[0]:
            continue
        test, rps, p50, p99 = row_name(fields[0]), fields[1], fields[4], fields[6]
        cpu_us = spent * 1e6 / requests
        rows.append(f"{server}\t{test}\t{pipeline}\t{requests}\t{rps}\t{p50}\t{p99}\t{cpu_us:.2f}\n")
        print(f"  {server:7} P={pipeline:<3} {test:12} {float(rps):>12,.0f} req/s  "
              f"p50 {p50} ms  p99 {p99} ms  cpu {cpu_us:.2f} us/req", file=sys.stderr)
    status = process.wait()
    with open(out_path, "a") as out:
        out.writelines(rows)
    if status != 0:
        # The last message is the cause (an error reply, a reset connection);
        # "Could not fetch server CONFIG" warnings come before it.
        cause = messages[-1] if messages else "no message"
        cause = cause if len(cause) < 90 else cause[:87] + "..."
        tests = command[command.index("-t") + 1] if "-t" in command else "?"
        note = f"{server} {tests} P={pipeline}: exit {status}: {cause}"
        print(f"  {note}", file=sys.stderr)
        with open(failures_path, "a") as failures:
            failures.write(note + "\n")
    return status


def count_syscalls(path):
    """Total from `perf stat -x,` (first field) or from strace -c's total line."""
    with open(path) as report:
        lines = [line.strip() for line in report if line.strip()]
    for line in lines:
        if "raw_syscalls:sys_enter" in line:
            count = line.split(",")[0]
            return int(count) if count.isdigit() else None
    for line in lines:
        words = line.split()
        if words and words[-1] == "total":
            # "100.00  seconds  usecs/call  calls  [errors]  total"
            return int(words[3])
    return None


def record_syscalls(server, test, pipeline, requests, out_path, report_path):
    total = count_syscalls(report_path)
    if total is None:
        print(f"bench-stats: no syscall count in {report_path}", file=sys.stderr)
        return 1
    with open(out_path, "a") as out:
        out.write(f"{server}\t{test}\t{pipeline}\t{requests}\t{total}\n")
    print(f"  {server:7} P={pipeline:<3} {test:12} {total / int(requests):.3f} syscalls/req",
          file=sys.stderr)
    return 0


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as tsv:
        return [line.rstrip("\n").split("\t") for line in tsv if line.strip()]


def ratio(numerator, denominator):
    try:
        return f"{float(numerator) / float(denominator):.2f}"
    except (ValueError, ZeroDivisionError):
        return "-"


def whole(text):
    """redis-benchmark prints rps with two decimals; a whole number reads better."""
    try:
        return f"{float(text):.0f}"
    except ValueError:
        return text


def keyed_rows(rows, width):
    """{(test, P): {server: row}} keeping the order rows first appeared in."""
    table = {}
    for row in rows:
        if len(row) == width:
            table.setdefault((row[1], row[2]), {})[row[0]] = row
    return table


def print_table(loads_path, syscalls_path):
    loads = keyed_rows(read_tsv(loads_path), 8)
    servers = [BASELINE, "ringkv"]
    print("| test | P | redis rps | ringkv rps | rps ringkv/redis | redis p50 ms | ringkv p50 ms "
          "| redis p99 ms | ringkv p99 ms | p99 ringkv/redis | redis CPU µs/req | ringkv CPU µs/req |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    missing = ["-"] * 8
    for (test, pipeline), by_server in loads.items():
        redis, ringkv = (by_server.get(name, missing) for name in servers)
        print(f"| {test} | {pipeline} | {whole(redis[4])} | {whole(ringkv[4])} "
              f"| {ratio(ringkv[4], redis[4])} "
              f"| {redis[5]} | {ringkv[5]} | {redis[6]} | {ringkv[6]} | {ratio(ringkv[6], redis[6])} "
              f"| {redis[7]} | {ringkv[7]} |")
    syscalls = keyed_rows(read_tsv(syscalls_path), 5)
    if not syscalls:
        return
    print()
    print("| syscalls per request | P | redis | ringkv |")
    print("|---|--:|--:|--:|")
    for (test, pipeline), by_server in syscalls.items():
        cells = []
        for name in servers:
            row = by_server.get(name)
            cells.append(f"{int(row[4]) / int(row[3]):.3f}" if row else "-")
        print(f"| {test} | {pipeline} | {cells[0]} | {cells[1]} |")


def main(argv):
    if len(argv) >= 2 and argv[1] == "free-port":
        print(free_port())
        return 0
    if len(argv) >= 9 and argv[1] == "load" and argv[8] == "--":
        server, pid, pipeline, requests, out_path, failures_path = argv[2:8]
        return run_load(server, int(pid), pipeline, int(requests), out_path, failures_path,
                        argv[9:])
    if len(argv) == 8 and argv[1] == "syscalls":
        return record_syscalls(*argv[2:8])
    if len(argv) == 4 and argv[1] == "table":
        print_table(argv[2], argv[3])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
