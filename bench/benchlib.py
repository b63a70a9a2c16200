"""benchlib.py - what the bench/ scripts share: waiting for a port, the
proportional set size (PSS) of a process tree, and a sampler of its peak.
Run by hand only; never part of make check."""
import os
import socket
import threading
import time


def wait_port(port, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def pss_kb(pids):
    """Sum of the proportional set size of pids, in KiB."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def descendants(root_pids, names=None):
    """Pids of root_pids and all their descendants (optionally by comm)."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
            comm = st[st.index("(") + 1:st.rindex(")")]
            ppid = int(st[st.rindex(")") + 2:].split()[1])
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append((int(d), comm))
    out, todo = [], list(root_pids)
    while todo:
        p = todo.pop()
        out.append(p)
        for c, _ in children.get(p, []):
            todo.append(c)
    return out


def maildir_count(path):
    try:
        return len(os.listdir(os.path.join(path, "new")))
    except OSError:
        return 0


class Sampler(threading.Thread):
    """Samples the PSS of a process tree every 20 ms; keeps the peak."""

    def __init__(self, roots):
        super().__init__(daemon=True)
        self.roots, self.peak, self.stop = roots, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, pss_kb(descendants(self.roots)))
            time.sleep(0.02)
