#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with Debian's nbconvert and checks the figures.
#
#   notebooks/run_notebooks.sh [OUTPUT_DIR]
#
# OUTPUT_DIR: a Triage output directory (metrics.jsonl, decisions.jsonl, audit.jsonl, …). Without it, a
# SYNTHETIC sample is generated with make_sample_output.py into triage-out/sample (git-ignored; override
# with SAMPLE_OUT) and the notebooks run on that.
# Executed notebooks go to a temporary directory (the committed notebooks stay output-free); figures go to
# OUTPUT_DIR/figures. Fails unless OUTPUT_DIR/figures/index.json lists at least MIN_FIGURES (default 5)
# PNG files that exist and are non-empty.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nbconvert=/usr/bin/jupyter-nbconvert   # Debian's (jupyter-nbconvert package); not whatever is on PATH
py=/usr/bin/python3
min_figures="${MIN_FIGURES:-5}"

[ -x "$nbconvert" ] || { echo "run_notebooks: $nbconvert missing (apt-get install jupyter-nbconvert)" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/triage-nb.XXXXXX")"
if [ -n "${KEEP_TMP:-}" ]; then echo "run_notebooks: temporary files kept in $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi

if [ $# -ge 1 ] && [ -n "$1" ]; then
    out="$(cd "$1" && pwd)"
else
    out="${SAMPLE_OUT:-$here/../triage-out/sample}"
    "$py" "$here/make_sample_output.py" "$out"
    out="$(cd "$out" && pwd)"
fi
echo "run_notebooks: TRIAGE_OUT=$out"

export TRIAGE_OUT="$out"
export PYDEVD_DISABLE_FILE_VALIDATION=1          # silences the ipykernel debugger warning
export MPLCONFIGDIR="$tmp/mplconfig"             # matplotlib cache somewhere writable

shopt -s nullglob
notebooks=("$here"/*.ipynb)
[ ${#notebooks[@]} -gt 0 ] || { echo "run_notebooks: no notebooks in $here" >&2; exit 1; }
rm -f "$out/figures/index.json"

for nb in "${notebooks[@]}"; do
    echo "run_notebooks: executing $(basename "$nb")"
    start=$SECONDS
    "$nbconvert" --to notebook --execute --ExecutePreprocessor.timeout=600 \
        --ExecutePreprocessor.kernel_name=python3 --output-dir "$tmp/executed" "$nb"
    echo "run_notebooks: $(basename "$nb") ok in $((SECONDS - start)) s"
done

"$py" - "$out/figures" "$min_figures" <<'PY'
import json, os, sys
fig_dir, need = sys.argv[1], int(sys.argv[2])
index = os.path.join(fig_dir, "index.json")
try:
    with open(index, encoding="utf-8") as f:
        entries = json.load(f).get("figures", [])
except (OSError, ValueError) as e:
    sys.exit(f"run_notebooks: FAIL: cannot read {index}: {e}")
good, bad = [], []
for e in entries:
    name = e.get("file") if isinstance(e, dict) else e
    path = os.path.join(fig_dir, str(name))
    if str(name).lower().endswith(".png") and os.path.isfile(path) and os.path.getsize(path) > 0:
        good.append(name)
    else:
        bad.append(name)
for name in good:
    print(f"  {name}  {os.path.getsize(os.path.join(fig_dir, name))} bytes")
if bad:
    print("run_notebooks: listed but missing/empty/not PNG:", ", ".join(map(str, bad)), file=sys.stderr)
if len(good) < need:
    sys.exit(f"run_notebooks: FAIL: {len(good)} PNG figure(s) in {index}, need >= {need}")
print(f"run_notebooks: OK: {len(good)} figures in {fig_dir}")
PY
