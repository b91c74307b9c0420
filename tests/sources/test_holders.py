import subprocess
import sys

from sources import holders


def exited_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_live_process_is_not_dead():
    assert holders.this_process().endswith(":" + str(__import__("os").getpid()))
    assert not holders.is_dead(holders.this_process())


def test_a_process_of_this_kernel_that_exited_is_dead():
    kernel = holders.this_process().rpartition(":")[0]
    assert holders.is_dead(f"{kernel}:{exited_pid()}")


def test_a_holder_of_another_machine_or_namespace_or_unknown_is_never_taken_for_dead():
    pid = exited_pid()
    boot, _, namespace = holders.this_process().rpartition(":")[0].partition("/")
    assert not holders.is_dead(f"another-boot/{namespace}:{pid}")
    assert not holders.is_dead(f"{boot}/pid:[1]:{pid}")
    assert not holders.is_dead("")
    assert not holders.is_dead(f":{pid}")
