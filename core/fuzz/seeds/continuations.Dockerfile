FROM debian:12
RUN apt-get update \
    # a comment inside
    && apt-get install -y curl \

    && rm -rf /var/lib/apt/lists/*
ENV A=1 \
    B="two words" C=a\ b
LABEL org.example.k="v" legacy
RUN echo done \