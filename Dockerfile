# The one image that runs every Barrière application (detect, bibob-zone, review, create-topics, ...): the
# `barriere` jar and its libraries. Build the jar first: ./mvnw -pl streams-app -am package -DskipTests
FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/barriere barriere && mkdir -p /var/lib/barriere && chown barriere /var/lib/barriere
COPY streams-app/target/lib/ /opt/barriere/lib/
COPY streams-app/target/barriere.jar /opt/barriere/barriere.jar
USER barriere
WORKDIR /var/lib/barriere
ENTRYPOINT ["java", "-jar", "/opt/barriere/barriere.jar"]
