# The one image that runs every Barrière application (detect, bibob-zone, review, create-topics, replay, ...):
# built from source, so `docker build .` (or `docker-compose up --build`) needs nothing but this repository.
#
#   docker build --build-arg VERSION="$(git describe --always --dirty)" -t barriere:latest .
#
# It runs as a numeric non-root user, and its state directory belongs to group 0 and is group-writable, so it also
# runs under OpenShift's arbitrary user id (which is always in group 0).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The wrapper, the poms and the sources; target/ and secrets are left out by .dockerignore.
COPY . .
ARG VERSION=development-build
RUN ./mvnw -q -B -pl streams-app -am package -DskipTests -Dbarriere.build="${VERSION}"

FROM eclipse-temurin:17-jre
ARG VERSION=development-build
LABEL org.opencontainers.image.title="Barrière" \
      org.opencontainers.image.description="Explainable ondermijning risk signals from KvK, Kadaster, horeca-permit and Bibob events" \
      org.opencontainers.image.version="${VERSION}"
RUN mkdir -p /var/lib/barriere/state \
 && chgrp -R 0 /var/lib/barriere && chmod -R g=u /var/lib/barriere
COPY --from=build /src/streams-app/target/lib/ /opt/barriere/lib/
COPY --from=build /src/streams-app/target/barriere.jar /opt/barriere/barriere.jar
ENV BARRIERE_STATE_DIR=/var/lib/barriere/state
USER 10001:0
WORKDIR /var/lib/barriere
ENTRYPOINT ["java", "-jar", "/opt/barriere/barriere.jar"]
