FROM a
RUN bc
ENV K été
