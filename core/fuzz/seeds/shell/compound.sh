set -eux; \
  dpkgArch="$(dpkg --print-architecture)"; \
  case "${dpkgArch##*-}" in \
    amd64) arch=x64 ;; \
    *) echo "no"; exit 1 ;; \
  esac; \
  for f in $A; do (cd $f && make) > log 2>&1; done; \
  if [ -n "$B" ]; then f() { a; }; f; elif ! x | y; then :; else z & fi # c