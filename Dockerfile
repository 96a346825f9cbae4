# The one image that runs every Barrière application (detect, bibob-zone, review, create-topics, ...): the
# `barriere` jar and its libraries. Build the jar first: ./mvnw -pl streams-app -am package -DskipTests
FROM eclipse-temurin:17-jre
# A numeric user in group 0, and group 0 may write what the user may: Kubernetes can then check runAsNonRoot, and
# OpenShift's arbitrary user id (always in group 0) can write the state directory.
RUN useradd --system --uid 10001 --gid 0 --home /var/lib/barriere barriere \
    && mkdir -p /var/lib/barriere/state && chown -R 10001:0 /var/lib/barriere && chmod -R g=u /var/lib/barriere
COPY streams-app/target/lib/ /opt/barriere/lib/
COPY streams-app/target/barriere.jar /opt/barriere/barriere.jar
USER 10001
WORKDIR /var/lib/barriere
ENTRYPOINT ["java", "-jar", "/opt/barriere/barriere.jar"]
