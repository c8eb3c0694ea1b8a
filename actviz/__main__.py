"""``python -m actviz``: the same command-line interface as the ``actviz`` script."""

from actviz.cli import console_main

if __name__ == "__main__":
    console_main()
