# syntax=docker/dockerfile:1
# check=skip=all
FROM --platform=$BUILDPLATFORM alpine:3.20 AS build
RUN <<EOF
set -e
echo hi > /x
EOF
COPY <<-"A" <<B /etc/
	first
	A
second
B
RUN 3<<EOT cat /dev/fd/3
fd
EOT
