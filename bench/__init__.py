"""The benchmark suite: `./bin/bench` (or `python -m bench`), see README "Ytelse"."""
