ARG BASE=alpine
FROM ${BASE}:${TAG:-3} AS b1
RUN --mount=type=cache,target=/root/.cache,sharing=locked --mount=type=secret,id=t,required --network=none --security=insecure pip install x
COPY --from=b1 --chown=1000:1000 --chmod=0755 --link --parents --exclude=*.md -- a /b
ADD --checksum=sha256:00 --keep-git-dir=true https://example.invalid/x.tar.gz /x
ONBUILD RUN echo later
USER app:app
EXPOSE 80/tcp 443
STOPSIGNAL SIGTERM
MAINTAINER someone
BOGUS word
healthcheck
run
