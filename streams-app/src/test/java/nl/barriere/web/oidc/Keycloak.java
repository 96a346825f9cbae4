package nl.barriere.web.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak as a child process: the server distribution the build unpacked from Maven Central
 * ({@code org.keycloak:keycloak-quarkus-dist}), in dev mode with an in-memory database, on free loopback ports,
 * with realm {@code barriere} imported from {@code keycloak/barriere-realm.json}: client {@code barriere}
 * (confidential, PKCE S256, a groups mapper writing group paths into the ID token, 60 s token lifespan) and users
 * analyst1 and analyst2 (group barriere-analysts), bibob1 (barriere-bibob), lead1 (barriere-analysts and
 * barriere-auditors: two roles) and nobody1 (facilities, which gives no role). Besides the fixed redirect URI on port
 * 8080 the client accepts {@code http://127.0.0.1/login/oidc} and {@code http://localhost/login/oidc} (and
 * {@code /logged-out} after logout), which Keycloak matches for a loopback address on any port: a web server on a
 * free port is registered.
 *
 * <p>Keycloak 26 needs Java 21 while this build runs on 17, so a newer JDK is looked up exactly as for the Apicurio
 * Registry test: {@value #JDK_ENV}, else this JVM if new enough, else the newest JDK beside it. Without one the
 * test fails rather than skips, because a login test that did not run proves nothing.
 */
public final class Keycloak implements AutoCloseable {

    static final String JDK_ENV = "BARRIERE_JDK21_HOME";
    public static final String REALM = "barriere";
    public static final String CLIENT_ID = "barriere";
    public static final String CLIENT_SECRET = "barriere-test-client-secret";
    public static final URI REDIRECT_URI = URI.create("http://127.0.0.1:8080/login/oidc");
    public static final URI POST_LOGOUT_REDIRECT_URI = URI.create("http://127.0.0.1:8080/logged-out");
    public static final Duration TOKEN_LIFESPAN = Duration.ofSeconds(60);
    public static final Map<String, String> PASSWORDS = Map.of("analyst1", "analyst1-password", "analyst2",
            "analyst2-password", "bibob1", "bibob1-password", "lead1", "lead1-password", "nobody1", "nobody1-password");
    private static final int REQUIRED_JAVA = 21;
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(240);

    private final Process process;
    private final int port;
    private final Duration startup;
    private final Thread killOnExit;

    private Keycloak(final Process process, final int port, final Duration startup, final Thread killOnExit) {
        this.process = process;
        this.port = port;
        this.startup = startup;
        this.killOnExit = killOnExit;
    }

    private static Keycloak shared;

    /**
     * One Keycloak for every test class of this JVM that asks for it, started on the first call and stopped when the
     * JVM exits: it takes half a minute or more to start.
     */
    public static synchronized Keycloak shared() throws IOException, InterruptedException {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            System.out.println("Keycloak served realm " + REALM + " after " + shared.startup().toMillis() + " ms at "
                    + shared.issuer());
        }
        return shared;
    }

    static Keycloak start() throws IOException, InterruptedException {
        final Path home = Path.of(System.getProperty("keycloak.dir", "target/keycloak")).toAbsolutePath();
        final Path script = home.resolve("bin").resolve("kc.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no Keycloak at " + home + "; the build unpacks it in "
                    + "generate-test-resources, so run the tests through Maven");
        }
        final Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
        try (InputStream realm = Keycloak.class.getResourceAsStream("/keycloak/barriere-realm.json")) {
            Files.copy(realm, imports.resolve("barriere-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        final Path jdk = findJdk();
        final Path log = Path.of(System.getProperty("keycloak.log", "target/keycloak.log")).toAbsolutePath();
        final int port = freePort();
        final int managementPort = freePort();
        // Dev mode with an in-memory database: every start imports the realm afresh and leaves nothing behind.
        // The management interface (health, metrics) would default to port 9000; it gets a free loopback port too.
        final ProcessBuilder builder = new ProcessBuilder(script.toString(), "start-dev", "--import-realm",
                "--db=dev-mem", "--http-host=127.0.0.1", "--http-port=" + port,
                "--http-management-port=" + managementPort)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("PATH", jdk.resolve("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        final long started = System.nanoTime();
        final Process process = builder.start();
        final Thread killOnExit = new Thread(process::destroyForcibly, "keycloak-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        return new Keycloak(process, port, awaitReady(process, port, log, started), killOnExit);
    }

    public URI issuer() {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + REALM);
    }

    public Duration startup() {
        return startup;
    }

    /** Ready means the realm's discovery document answers: the realm was imported and the server serves it. */
    private static Duration awaitReady(final Process process, final int port, final Path log, final long started)
            throws IOException, InterruptedException {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        final HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/realms/" + REALM
                + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
        final long deadline = started + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " while starting; its log "
                        + log + " ends with:\n" + tail(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (final IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Keycloak did not serve realm " + REALM + " on port " + port + " within "
                + STARTUP_LIMIT + "; its log " + log + " ends with:\n" + tail(log));
    }

    /**
     * {@value #JDK_ENV} if set; otherwise the running JVM if it is new enough; otherwise the newest JDK installed
     * beside the running one. The same rule as the Apicurio Registry test's, so one setting serves both.
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
                    .max(Comparator.comparingInt(Keycloak::javaVersion).thenComparing(Path::toString));
        }
        return sibling.orElseThrow(() -> new IllegalStateException("Keycloak 26 needs a JDK " + REQUIRED_JAVA
                + " or newer, and none was found: " + JDK_ENV + " is not set, this JVM is Java " + javaVersion(running)
                + ", and no directory beside " + running + " holds a JDK whose release file says JAVA_VERSION >= "
                + REQUIRED_JAVA + ". Install one and set " + JDK_ENV + " to its home directory."));
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
                    final String[] parts = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim().split("[.+-]");
                    final int first = Integer.parseInt(parts[0]);
                    return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
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
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
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
