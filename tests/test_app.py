"""The served application's process settings."""

from __future__ import annotations


def test_served_processes_collect_garbage_less_often():
    import gc

    from sidecar import app as app_module

    before = gc.get_threshold()
    try:
        app_module.tune_gc()
        assert gc.get_threshold() == app_module.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0  # start-up objects left out of collections
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
