"""``python -m actplot``."""

from actplot.cli import main

if __name__ == "__main__":
    main()
