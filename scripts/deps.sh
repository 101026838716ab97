#!/bin/sh
# Install what canyu needs to build and test, from Debian's packages.
# Installs nothing when everything is present; uses sudo when not root.
# Usage: scripts/deps.sh [build|bench|look]
set -eu
want="build-essential pkg-config libgsl-dev libcsv-dev libcmocka-dev libutf8proc-dev libjansson-dev
      libreadstat-dev libxlsxwriter-dev libzip-dev libexpat1-dev libfreexl-dev"
case "${1:-build}" in
bench) want="$want pspp r-base-core r-cran-survey datamash time" ;;
look) want="$want chromium fonts-noto-cjk poppler-utils" ;;
esac
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "canyu: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
