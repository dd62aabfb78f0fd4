FROM scratch
CMD ["echo", "a\tb", "\u00e9\/\ud83d\ude00"]
ENTRYPOINT [ "/bin/sh" , "-c" ]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
COPY ["a b", "/dst dir/"]
VOLUME ["/data"]
CMD ['single']
CMD ["x", 1]
HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]
HEALTHCHECK NONE
