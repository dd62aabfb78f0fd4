FROM a
RUN xÿþy
