package nl.barriere.serde;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry 3 as a child process: the distribution the build unpacked from Maven
 * Central, on loopback ports of its own, with its default in-memory storage.
 *
 * <p>Apicurio 3 needs Java 21 while this build runs on 17, so a newer JDK is looked up; the test
 * fails rather than skips when there is none, because a skipped compatibility test is a
 * compatibility claim nobody checked.
 */
final class ApicurioRegistry implements AutoCloseable {

    static final String JDK_ENV = "BARRIERE_JDK21_HOME";
    private static final int REQUIRED_JAVA = 21;
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Thread killOnExit;
    private final Duration startup;

    private ApicurioRegistry(final Process process, final int port, final Duration startup, final Thread killOnExit) {
        this.process = process;
        this.port = port;
        this.startup = startup;
        this.killOnExit = killOnExit;
    }

    static ApicurioRegistry start() throws IOException, InterruptedException {
        final Path home = Path.of(System.getProperty("apicurio.dir", "target/apicurio")).toAbsolutePath();
        final Path runner = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("no Apicurio Registry at " + runner
                    + "; the build unpacks it in generate-test-resources, so run the tests through Maven");
        }
        final Path java = findJdk().resolve("bin").resolve("java");
        final Path log = Path.of(System.getProperty("apicurio.log", "target/apicurio-registry.log")).toAbsolutePath();
        final int port = Sightings.closedPort();
        final int managementPort = Sightings.closedPort();
        // The management interface (health, metrics) defaults to port 9000 on all interfaces, which
        // would collide with anything else on the machine; both ports are chosen free and loopback.
        final Process process = new ProcessBuilder(java.toString(), "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-jar", runner.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        final Thread killOnExit = new Thread(process::destroyForcibly, "apicurio-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        final long started = System.nanoTime();
        return new ApicurioRegistry(process, port, awaitReady(process, port, log, started), killOnExit);
    }

    String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    Duration startup() {
        return startup;
    }

    /** Ready means the ccompat API answers, which is the only part of Apicurio this test relies on. */
    private static Duration awaitReady(final Process process, final int port, final Path log, final long started)
            throws IOException, InterruptedException {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        final HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7/subjects"))
                .timeout(Duration.ofSeconds(2)).build();
        final long deadline = started + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue()
                        + " while starting; its log " + log + " ends with:\n" + tail(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (final IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Apicurio Registry did not answer on port " + port + " within " + STARTUP_LIMIT
                + "; its log " + log + " ends with:\n" + tail(log));
    }

    /**
     * {@value #JDK_ENV} if set; otherwise the running JVM if it is new enough; otherwise the newest
     * JDK installed beside the running one (e.g. a Temurin 25 next to the default 17).
     */
    static Path findJdk() throws IOException {
        final String configured = System.getenv(JDK_ENV);
        if (configured != null && !configured.isBlank()) {
            final Path home = Path.of(configured);
            final int version = javaVersion(home);
            if (version < REQUIRED_JAVA || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
                throw new IllegalStateException(JDK_ENV + "=" + configured + " is not a JDK " + REQUIRED_JAVA
                        + " or newer (its release file says Java " + version + ")");
            }
            return home;
        }
        final Path running = Path.of(System.getProperty("java.home"));
        if (javaVersion(running) >= REQUIRED_JAVA) {
            return running;
        }
        final Path parent = running.getParent();
        final Optional<Path> sibling;
        try (Stream<Path> candidates = parent == null ? Stream.empty() : Files.list(parent)) {
            sibling = candidates
                    .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
                    .filter(home -> javaVersion(home) >= REQUIRED_JAVA)
                    .max(Comparator.comparingInt(ApicurioRegistry::javaVersion).thenComparing(Path::toString));
        }
        return sibling.orElseThrow(() -> new IllegalStateException("Apicurio Registry 3 needs a JDK "
                + REQUIRED_JAVA + " or newer, and none was found: " + JDK_ENV + " is not set, this JVM is Java "
                + javaVersion(running) + ", and no directory beside " + running + " holds a JDK whose release file says"
                + " JAVA_VERSION >= " + REQUIRED_JAVA + ". Install one and set " + JDK_ENV + " to its home directory."));
    }

    /** The major version from a JDK's {@code release} file; -1 when there is none or it cannot be read. */
    static int javaVersion(final Path home) {
        final Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        try {
            for (final String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    final String version = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                    final String[] parts = version.split("[.+-]");
                    final int first = Integer.parseInt(parts[0]);
                    // Java 8 and older call themselves 1.x
                    return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String tail(final Path log) {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (final IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (final IllegalStateException shuttingDown) {
            // the hook runs anyway and finds the process gone
        }
    }
}
