"""Job functions for the RQ test (imported by the rq worker process)."""


def add(a, b):
    return a + b


def fail():
    raise ValueError("this job fails on purpose")
