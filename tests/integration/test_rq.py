"""A real RQ run against memdb: jobs enqueued with rq's Queue (immediately and scheduled),
processed by ``rq worker --burst --with-scheduler`` in its own process, results and failures
read back.  RQ leans on Lua scripts, pipelines/transactions, sorted sets, lists and keys'
TTLs, so this is an end-to-end check of all of them together."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import redis

rq = pytest.importorskip("rq") if not os.environ.get("CI") else __import__("rq")

from memdb.embedded import EmbeddedServer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def test_rq_worker_processes_jobs_held_in_memdb():
    from rq import Queue

    from tests.integration import rq_jobs

    with EmbeddedServer() as srv:
        conn = redis.Redis(host=srv.host, port=srv.port)
        q = Queue("default", connection=conn)
        jobs = [q.enqueue(rq_jobs.add, i, 10) for i in range(5)]
        failing = q.enqueue(rq_jobs.fail)
        scheduled = q.enqueue_in(timedelta(seconds=1), rq_jobs.add, 100, 1)
        assert len(q) == 6
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        rq_bin = os.path.join(os.path.dirname(sys.executable), "rq")
        cmd = [rq_bin, "worker", "--burst", "--with-scheduler", "--url", srv.url, "default"]
        res = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stdout + res.stderr
        for i, job in enumerate(jobs):
            job.refresh()
            assert job.get_status() == "finished" and job.return_value() == i + 10
        failing.refresh()
        assert failing.get_status() == "failed" and "this job fails on purpose" in (failing.exc_info or "")
        assert len(q) == 0
        # the scheduled job: a second burst once it is due runs it
        import time

        time.sleep(1.2)
        res = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stdout + res.stderr
        scheduled.refresh()
        assert scheduled.get_status() == "finished" and scheduled.return_value() == 101
        conn.close()
