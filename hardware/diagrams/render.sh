#!/usr/bin/env sh
# Renders every *.dot in this folder to a PNG next to it (door-node.dot -> door-node.png).
# Needs Graphviz's `dot`. Commit the PNGs too, so readers without Graphviz see the diagrams.
set -eu
cd "$(dirname "$0")"

if ! command -v dot >/dev/null 2>&1; then
    echo "render.sh: Graphviz 'dot' not found. Install it:" >&2
    echo "  Debian/Ubuntu/Raspberry Pi OS: sudo apt-get install graphviz" >&2
    echo "  macOS (Homebrew):              brew install graphviz" >&2
    echo "  Windows:                       winget install graphviz   (or choco install graphviz)" >&2
    exit 1
fi

status=0
for source in *.dot; do
    target="${source%.dot}.png"
    if dot -Tpng -Gdpi=110 "$source" -o "$target"; then
        echo "rendered $target"
    else
        echo "render.sh: failed on $source" >&2
        status=1
    fi
done
exit $status
