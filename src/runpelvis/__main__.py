"""``python -m runpelvis``: the same command as ``runpelvis``."""

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
