# syntax=docker/dockerfile:1
# The hub's image (target "hub", the default) and the one-shot simulator seeder of the
# docker-compose deployment (target "simulators"). Build: docker build -t tongban-hub .

# ---- build: the Maven wrapper, the production jar (-Pprod: no embedded server, no demo
# class) and, for the simulators only, the demo jar. Tests run in CI, not in the image build.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
COPY docs/openapi.json docs/openapi.json
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw \
 && ./mvnw -B -q -Pprod -Dmaven.test.skip=true package \
 && cp target/tongban-hub-*.jar /build/tongban-hub.jar
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -Dhub.build.dir=/build/target-demo package \
 && cp target-demo/tongban-hub-*.jar /build/tongban-hub-demo.jar

# ---- simulators: writes the WireMock stubs and the social-insurance tables of the demo data
# set to /simulator-data and publishes the market-regulation events (SimulatorFiles).
FROM eclipse-temurin:17-jre AS simulators
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin hub \
 && mkdir -p /app /simulator-data && chown hub /simulator-data
COPY --from=build /build/tongban-hub-demo.jar /app/simulators.jar
USER hub
ENTRYPOINT ["java", "-Xmx768m", "-Dloader.main=cn.tongban.hub.demo.silos.SimulatorFiles", \
            "-cp", "/app/simulators.jar", "org.springframework.boot.loader.launch.PropertiesLauncher"]
CMD ["/simulator-data"]

# ---- hub: the production jar with its route and mapping files, as a non-root user.
FROM eclipse-temurin:17-jre AS hub
# curl for the health check (the Temurin images carry it today; make sure).
RUN (command -v curl >/dev/null || (apt-get update && apt-get install -y --no-install-recommends curl \
      && rm -rf /var/lib/apt/lists/*)) \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin hub \
 && mkdir -p /app /var/lib/tongban/audit-archive && chown -R hub /var/lib/tongban
WORKDIR /app
COPY --from=build /build/tongban-hub.jar /app/tongban-hub.jar
# Routes and mappings live outside the jar (DESIGN.md); prod reads them once at start.
COPY routes /app/routes
COPY mappings /app/mappings
USER hub
ENV HUB_ROUTES_DIR=/app/routes \
    HUB_MAPPINGS_DIR=/app/mappings \
    HUB_AUDIT_ARCHIVE_DIR=/var/lib/tongban/audit-archive \
    SPRING_PROFILES_ACTIVE=prod \
    JAVA_OPTS="-Xmx768m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 8081
# Readiness, not liveness: a replica draining for maintenance or loading is not healthy for
# its neighbours either. The management port's probes need no credentials.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${HUB_MANAGEMENT_PORT:-8081}/actuator/health/readiness" >/dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/tongban-hub.jar \"$@\"", "tongban-hub"]
