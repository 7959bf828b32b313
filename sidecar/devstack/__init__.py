"""`gurumisha dev`'s orchestration: an entry point's helper, below cli.py only (see
pyproject's import contracts): it wires processes and settings, and holds no rule."""
