"""``python -m actviz``: the same command-line interface as the ``actviz`` script."""

from actviz.cli import main

if __name__ == "__main__":
    main()
