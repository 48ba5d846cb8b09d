#!/usr/bin/env bash
# Validate every .html file under DIR with the Nu HTML Checker (vnu.jar from
# the vnu-jar npm package, run on the machine's Java 17+).
#
#   tests/browser/validate-html.sh DIR
#
# Prints each error as  "file":line.col-line.col: error: message  (GNU format),
# then a final line "N passed, M failed" counting files. Exits 0 only when no
# file has an error; exits 2 on a usage or setup problem.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir="$1"
if [[ ! -d "$dir" ]]; then
  echo "validate-html: $dir is not a directory" >&2
  exit 2
fi
if [[ ! -f "$jar" ]]; then
  echo "validate-html: $jar not found; run: npm ci --prefix $here" >&2
  exit 2
fi
if ! command -v java >/dev/null 2>&1; then
  echo "validate-html: java not found (Java 17 or newer is needed)" >&2
  exit 2
fi

total="$(find "$dir" -type f \( -name '*.html' -o -name '*.htm' \) | wc -l)"
if [[ "$total" -eq 0 ]]; then
  echo "validate-html: no .html files under $dir"
  echo "0 passed, 1 failed"
  exit 1
fi

out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# --errors-only drops warnings and info; --no-langdetect skips the language
# guesser (it only ever produces warnings). vnu exits 1 when it reports errors.
status=0
java -Xss2m -jar "$jar" \
  --errors-only --skip-non-html --no-langdetect --asciiquotes \
  --format gnu --stdout \
  "$dir" >"$out" 2>&1 || status=$?

cat "$out"

# Files with at least one error: GNU lines start with "path":line...
failed_files="$({ grep -E '^"[^"]+":' "$out" || true; } | sed -E 's/^"([^"]+)":.*/\1/' | sort -u | wc -l)"
if [[ "$status" -ne 0 && "$failed_files" -eq 0 ]]; then
  # vnu failed without a per-file message (a crash, a bad option, ...).
  failed_files=1
fi
echo "validate-html: checked $total file(s) under $dir"
echo "$((total - failed_files < 0 ? 0 : total - failed_files)) passed, $failed_files failed"
if [[ "$status" -ne 0 || "$failed_files" -ne 0 ]]; then
  exit 1
fi
