#!/usr/bin/python3
"""summarize-subunit.py RESULTS.subunit RESULTS.txt FAILURES.txt: counts a Tempest run's results.

Prints "PASSED FAILED SKIPPED". RESULTS.txt gets one "status test-id [skip reason]" line per test;
FAILURES.txt each failure with the last lines of its traceback (where the missing endpoint or field
shows). A class whose setUpClass failed is one failure ("setUpClass (module.Class)"): its tests never ran.
"""
import sys

import subunit
import testtools


class Collect(testtools.StreamResult):
    def __init__(self):
        super().__init__()
        self.status_of = {}
        self.details = {}

    def status(self, test_id=None, test_status=None, file_name=None, file_bytes=None, **kwargs):
        if test_id is None:
            return
        if file_bytes:
            self.details.setdefault(test_id, {}).setdefault(file_name, bytearray()).extend(file_bytes)
        if test_status in ("success", "fail", "skip", "xfail", "uxsuccess"):
            self.status_of[test_id] = test_status


def main(stream_path, results_path, failures_path):
    result = Collect()
    with open(stream_path, "rb") as stream:
        case = subunit.ByteStreamToStreamResult(stream, non_subunit_name="stdout")
        result.startTestRun()
        case.run(result)
        result.stopTestRun()
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    with open(results_path, "w") as results, open(failures_path, "w") as failures:
        for test_id in sorted(result.status_of):
            status = result.status_of[test_id]
            details = result.details.get(test_id, {})
            if status in ("success", "xfail"):
                counts["passed"] += 1
                results.write(f"ok      {test_id}\n")
            elif status == "skip":
                counts["skipped"] += 1
                reason = details.get("reason", b"").decode(errors="replace").strip().replace("\n", " ")
                results.write(f"skip    {test_id}  # {reason}\n")
            else:
                counts["failed"] += 1
                results.write(f"FAIL    {test_id}\n")
                trace = details.get("traceback", b"").decode(errors="replace").strip().splitlines()
                failures.write(f"=== {test_id}\n" + "\n".join(trace[-12:]) + "\n\n")
    print(counts["passed"], counts["failed"], counts["skipped"])


if __name__ == "__main__":
    main(*sys.argv[1:])
