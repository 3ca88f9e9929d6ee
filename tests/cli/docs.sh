#!/usr/bin/env bash
# README documents every diagnostic code of the one message table, and no other.
set -euo pipefail
cd "${GPD_SOURCE_DIR:?}"
table=$(grep -o '^	\[GPD_[WEF]_[A-Z_]*\] = {"[a-z-]*"' src/core/diag.c | sed 's/.*{"//; s/"$//' | sort)
documented=$(sed -n '/^## Diagnostics/,/^## /p' README.md | grep -o '^| `[a-z-]*`' | sed 's/^| `//; s/`$//' | sort)
[ -n "$table" ] || { echo "no codes found in src/core/diag.c"; exit 1; }
if [ "$table" != "$documented" ]; then
  echo "README's Diagnostics table and src/core/diag.c disagree:"
  diff <(echo "$table") <(echo "$documented") || true
  exit 1
fi
echo "docs: $(echo "$table" | wc -l) codes documented"
