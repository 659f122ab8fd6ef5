"""Run work in several threads at the same moment, each with its own database connection."""

import threading

from django.db import connection


def run_at_once(count: int, work) -> list:
    """Call ``work(number)`` for number in 0..count-1, each in a thread of its own, all
    released together; returns the results in order. An exception in a thread is raised
    here (a thread cannot fail a test itself)."""
    start = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(number):
        try:
            start.wait()
            results[number] = work(number)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
