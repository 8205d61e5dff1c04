#!/usr/bin/python3
"""dry-run.py TEMPEST_CONF TEST_IDS_FILE [OUT]: which selected tests would run, and which skip, by config.

Runs Tempest's own skip logic (each class's skip_checks: services, features, microversion range; each
test's skip decorators) against TEMPEST_CONF without any cloud: credentials, clients and resources are
never set up, and a test body stops at its first client call. So it tells, before any API exists,
how many tests of the list a configuration leaves to run. Prints "would-run N, skipped N" and, with
OUT, one "run|skip test-id [reason]" line per test.
"""
import importlib
import os
import sys
import unittest


def main(conf_path, ids_path, out_path=None):
    os.environ["TEMPEST_CONFIG_DIR"] = os.path.dirname(os.path.abspath(conf_path))
    os.environ["TEMPEST_CONFIG"] = os.path.basename(conf_path)
    import testtools
    from tempest import test as tempest_test

    def set_up_class(cls):
        cls.setUpClassCalled = True
        cls.skip_checks()

    tempest_test.BaseTestCase.setUpClass = classmethod(set_up_class)
    tempest_test.BaseTestCase.tearDownClass = classmethod(lambda cls: None)
    # testtools insists that its own setUp/tearDown run; Tempest's (fixtures, clients) must not.
    tempest_test.BaseTestCase.setUp = testtools.TestCase.setUp
    tempest_test.BaseTestCase.tearDown = testtools.TestCase.tearDown

    ids = [line.strip() for line in open(ids_path) if line.startswith("tempest.")]
    suite = unittest.TestSuite()
    for test_id in ids:
        name = test_id.split("[")[0]
        module, cls_name, method = name.rsplit(".", 2)
        cls = getattr(importlib.import_module(module), cls_name)
        for klass in cls.__mro__:
            if issubclass(klass, tempest_test.BaseTestCase):
                for hook in ("setUp", "tearDown"):
                    if hook in klass.__dict__:
                        setattr(klass, hook, getattr(testtools.TestCase, hook))
        suite.addTest(cls(method))
    result = unittest.TestResult()
    suite.run(result)

    skipped = {}
    for case, reason in result.skipped:
        skipped[case.id().split("[")[0]] = reason
    # A skipped class appears once, as a class-level entry: expand it to its tests.
    lines, n_skip = [], 0
    for test_id in ids:
        name = test_id.split("[")[0]
        cls_id = name.rsplit(".", 1)[0]
        reason = skipped.get(name)
        if reason is None:
            reason = next((r for k, r in skipped.items() if cls_id in k and k.startswith("setUpClass")), None)
        if reason is None:
            lines.append(f"run   {test_id}")
        else:
            n_skip += 1
            lines.append(f"skip  {test_id}  # {reason}")
    if out_path:
        with open(out_path, "w") as f:
            f.write("\n".join(lines) + "\n")
    print(f"would-run {len(ids) - n_skip}, skipped {n_skip}")


if __name__ == "__main__":
    main(*sys.argv[1:])
