#!/usr/bin/env bash
# Builds the release binary the way README's Install section does on
# x86_64 Linux (glibc linked statically, no PIE) and prints its path.
# Elsewhere it falls back to the ordinary release build.
set -euo pipefail
cd "$(dirname "$0")/.."
triple=$(rustc -vV | sed -n 's/^host: //p')
if [ "$triple" = x86_64-unknown-linux-gnu ]; then
  RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
    cargo build --release --quiet --target "$triple" >&2
  echo "target/$triple/release/sockerr"
else
  cargo build --release --quiet >&2
  echo target/release/sockerr
fi
