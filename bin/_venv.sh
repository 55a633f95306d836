# Sourced by bin/serve and bin/test: find Python 3.11/3.12, make .venv, install the project.
# Usage: ensure_venv ""      -> runtime dependencies (pip install -e .)
#        ensure_venv "[dev]" -> with the test tools (pip install -e '.[dev]')
#        ensure_venv "[dev,bench]" -> and the benchmark's server and peer engine

find_python() {
  local candidate
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 13)))'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Fant ikke Python 3.11 eller 3.12 (python3.11 / python3)." >&2
  return 1
}

ensure_venv() {
  local extra="$1" py stamp want
  if [ ! -x .venv/bin/python ]; then
    py=$(find_python)
    echo "==> Lager .venv med $("$py" --version)"
    "$py" -m venv .venv
  fi
  # Reinstall only when pyproject.toml changed since the last install of these extras (one
  # stamp per set: "[dev]" and "[dev,bench]" are different installs).
  stamp=".venv/.saksflyt-install${extra//[^a-z]/-}"
  want=$(cksum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> Installerer avhengigheter (pip install -e '.${extra}')"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
    echo "$want" >"$stamp"
  fi
}
