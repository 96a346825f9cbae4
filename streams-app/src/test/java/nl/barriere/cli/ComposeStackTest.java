package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.deploy.AclPlan;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.devkit.generator.Profile;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.JsonLinesLoader;
import nl.barriere.platform.Lag;
import nl.barriere.platform.ShippedAcls;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import nl.barriere.web.WebClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import nl.barriere.web.oidc.Browser;
import nl.barriere.web.oidc.Keycloak;
import picocli.CommandLine;

/**
 * The compose stack's Barrière services, run as {@code docker-compose up} would run them but in this JVM: each
 * service's command and environment exactly as {@code docker-compose config} resolves them from
 * {@code docker-compose.yml} and the {@code .env} that {@code deploy/generate-secrets.sh} writes, logged in as its
 * own principal against a broker that authenticates with SCRAM and authorizes with the ACLs of
 * {@code deploy/kafka/acls.txt}. The operator's and the auditor's commands run beside them under theirs.
 *
 * <p>What differs from containers, and only that, is rewritten: host names (the broker and the registry are
 * in-process), the volumes (a directory per service), the identity provider (a real Keycloak, {@link Keycloak}, for
 * the issuer and client secret the placeholders of {@code .env} stand for), ports (one host runs every service, so
 * each takes a free one) and the replication factor (one broker).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ComposeStackTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String RATIONALE = "Applicant formed two months ago at an address resold twice this year; needs Bibob.";
    private static final String CONFIRMATION = "Agree: a fresh applicant at a twice-resold address warrants a Bibob screening.";
    private static final Pattern WEB_UI = Pattern.compile("web UI on http://localhost:(\\d+)/");
    private static Keycloak keycloak;
    private static final List<String> ANALYST_ZONE = List.of(Topics.KVK_BUSINESS_EVENTS.name(),
            Topics.KADASTER_PROPERTY_TRANSFERS.name(), Topics.HORECA_PERMIT_EVENTS.name());

    @Test
    void everyServiceDoesItsWorkUnderItsOwnPrincipalAndTheShippedAcls(@TempDir final Path dir) throws Exception {
        // Given the stack's secrets as generate-secrets.sh writes them, and the compose file docker-compose resolves
        final Map<String, String> secrets = generateSecrets(dir.resolve("stack"));
        final JsonNode compose = composeConfig(dir.resolve("stack").resolve(".env"));
        final JsonNode services = compose.get("services");
        // And the municipality's identity provider, with the client secret it issued to Barrière
        keycloak = Keycloak.shared();
        final Path clientSecret = Files.writeString(dir.resolve("oidc-client-secret"), Keycloak.CLIENT_SECRET + "\n");

        // And a broker secured as the stack's, with the SCRAM users and ACLs kafka-setup creates
        final EmbeddedKafka.SuperUser admin = new EmbeddedKafka.SuperUser("admin", secrets.get("KAFKA_ADMIN_PASSWORD"));
        final List<AclBinding> plan = AclPlan.read(ShippedAcls.FILE);
        final Map<String, String> scram = new TreeMap<>();
        ShippedAcls.users(plan).forEach(user -> scram.put(user, secrets.getOrDefault(
                "SCRAM_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_'), user + "-not-in-the-stack")));
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(admin);
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            ShippedAcls.apply(kafka, admin, plan, scram);
            final Rewrite rewrite = new Rewrite(kafka.bootstrapServers(), registry.url(), dir,
                    Map.of("/run/secrets/review-oidc-client-secret", clientSecret.toString(), "/run/secrets/review-signing-key",
                            dir.resolve("stack").resolve("deploy").resolve("secrets").resolve("review.properties").toString()));

            // When the topics service runs its command as the super user
            final Service topics = Service.of("topics", services, rewrite);
            final Run created = run(topics.env(), topics.command());
            assertThat(created.exit).as(created.err).isZero();
            assertThat(created.out).contains(Topics.SIGNALS.name(), Topics.AUDIT_SEALS.name());

            // And Connect's principals write a generated Leiden year onto the sources
            final Path data = dir.resolve("data");
            Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 1, 42), data);
            for (final Topic<String, ? extends SpecificRecord> input : Topics.INPUTS) {
                final String writer = input == Topics.BIBOB_CASE_EVENTS ? "bibob-connect" : "connect";
                JsonLinesLoader.load(data.resolve(GeneratorTopics.fileName(input.name())), input,
                        as(kafka, registry, writer, scram.get(writer)), n -> { });
            }

            // And detect-1, detect-2, the Bibob zone and review start with their own command lines
            final Map<String, Running> running = new LinkedHashMap<>();
            try {
                for (final String name : List.of("detect-1", "detect-2", "bibob-zone", "review")) {
                    final Service service = Service.of(name, services, rewrite);
                    if (name.equals("review")) {
                        service.env().putAll(identityProvider(service.env()));
                    }
                    running.put(name, Running.start(service));
                }
                workTheStack(kafka, registry, admin, scram, rewrite, topics, running);
            } finally {
                for (final Running service : running.values()) {
                    service.stop();
                }
            }
        }
    }

    private static void workTheStack(final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry,
                                     final EmbeddedKafka.SuperUser admin, final Map<String, String> scram,
                                     final Rewrite rewrite, final Service topics, final Map<String, Running> running)
            throws Exception {
        try (Admin superUser = Admin.create(kafka.clientProperties(admin.name(), admin.password()))) {
            // Then detection and the Bibob zone read everything
            assertThat(Lag.awaitCaughtUp(superUser, DetectCommand.APPLICATION_ID, ANALYST_ZONE, Duration.ofMinutes(4)))
                    .as("detect caught up\n" + running.get("detect-1").output()).isTrue();
            assertThat(Lag.awaitCaughtUp(superUser, BibobZoneCommand.APPLICATION_ID,
                    List.of(Topics.BIBOB_CASE_EVENTS.name()), Duration.ofMinutes(2)))
                    .as("bibob-zone caught up\n" + running.get("bibob-zone").output()).isTrue();
        }
        final AppConfig auditor = as(kafka, registry, "auditor", scram.get("auditor"));
        final RiskSignal permit = firstPermitSignal(auditor);
        final String applicationId = permit.getSubject().getId();

        // And in review's web UI an analyst sees the signal with its evidence events, read under User:review
        final WebClient analyst1 = login(running.get("review").webPort(), "analyst1");
        final String page = analyst1.page("/signals/" + permit.getSignalId(), applicationId);
        assertThat(page).contains("Vergunning " + applicationId + ":").doesNotContain("Gebeurtenis niet (meer) op te halen");

        // And two analysts' four eyes put the application on the BIBOB officer's list
        assertThat(analyst1.decide(permit.getSignalId(), "ESCALATE", RATIONALE).statusCode()).isEqualTo(303);
        final WebClient analyst2 = login(running.get("review").webPort(), "analyst2");
        assertThat(analyst2.decide(permit.getSignalId(), "CONFIRM_ESCALATION", CONFIRMATION).statusCode()).isEqualTo(303);
        final WebClient officer = login(running.get("review").webPort(), "bibob1");
        officer.page("/bibob", applicationId);
        assertThat(officer.get("/bibob/permits/" + applicationId).statusCode()).isEqualTo(200);

        // And the operator replays the year and finds the live signals identical
        final Map<String, String> operator = rewrite.withLogin(topics.env(), "operator", scram.get("operator"));
        final Run replay = run(operator, "replay", "--into", "compose");
        assertThat(replay.exit).as(replay.out + replay.err).isZero();
        final Run diff = run(operator, "audit-diff", Topics.SIGNALS.name(), "replay.compose.signals");
        assertThat(diff.exit).as(diff.out + diff.err).isZero();
        assertThat(diff.out).contains("IDENTICAL");

        // And the auditor reads the signal's trail with its evidence and verifies the hash chain
        final Map<String, String> auditorEnv = rewrite.withLogin(topics.env(), "auditor", scram.get("auditor"));
        final Run trail = run(auditorEnv, "audit-trail", permit.getSignalId());
        assertThat(trail.exit).as(trail.err).isZero();
        assertThat(trail.out).contains("CONFIRM_ESCALATION").contains(applicationId).doesNotContain("not found at this offset");
        final Run verify = run(auditorEnv, "audit-verify");
        assertThat(verify.exit).as(verify.out + verify.err).isZero();

        // But the auditor's login cannot read the restricted flagged permit: the broker refuses it
        final Run restricted = run(auditorEnv, "audit-trail", permit.getSignalId(),
                "--include-restricted");
        assertThat(restricted.exit).isEqualTo(1);
        assertThat(restricted.err).contains(Topics.FLAGGED_PERMITS.name());
    }

    /** Runs {@code deploy/generate-secrets.sh} from a copy of {@code deploy/}, so it writes there, not in the repository. */
    private static Map<String, String> generateSecrets(final Path stack) throws Exception {
        final Path script = stack.resolve("deploy").resolve("generate-secrets.sh");
        Files.createDirectories(script.getParent());
        Files.copy(ROOT.resolve("deploy").resolve("generate-secrets.sh"), script);
        final Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        final Properties env = new Properties();
        try (var reader = Files.newBufferedReader(stack.resolve(".env"))) {
            env.load(reader);
        }
        final Map<String, String> secrets = new TreeMap<>();
        env.stringPropertyNames().forEach(key -> secrets.put(key, env.getProperty(key)));
        return secrets;
    }

    /** {@code docker-compose config}: the file with its anchors merged and {@code .env} filled in. */
    private static JsonNode composeConfig(final Path envFile) throws Exception {
        final Process process = new ProcessBuilder("docker-compose", "--env-file", envFile.toString(),
                "-f", ROOT.resolve("docker-compose.yml").toString(), "config").start();
        final byte[] out = process.getInputStream().readAllBytes();
        final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("docker-compose config: " + err).isZero();
        return new ObjectMapper(new YAMLFactory()).readTree(out);
    }

    /** A client configuration logged in as {@code user}, as the connectors and the tools are. */
    private static AppConfig as(final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry, final String user,
                                final String password) {
        AppConfig config = AppConfig.defaults().with(AppConfig.REGISTRY_URL, registry.url());
        for (final Map.Entry<Object, Object> e : kafka.clientProperties(user, password).entrySet()) {
            config = config.with(e.getKey().toString(), e.getValue().toString());
        }
        return config;
    }

    private static RiskSignal firstPermitSignal(final AppConfig config) {
        final List<RiskSignal> permits = new ArrayList<>();
        TopicReader.readAll(Topics.SIGNALS, config, (raw, signal) -> {
            if (signal != null && signal.getSubject().getType() == SubjectType.PERMIT_APPLICATION) {
                permits.add(signal);
            }
        });
        assertThat(permits).as("permit signals in the generated year").isNotEmpty();
        return permits.get(0);
    }



    /**
     * The review service's login settings with the placeholders' host names replaced by the test's Keycloak and this
     * host's free port for the UI (the redirect URI names it); the client id and the role mapping stay as the
     * stack's {@code .env} has them.
     */
    private static Map<String, String> identityProvider(final Map<String, String> env) throws IOException {
        assertThat(env).containsKeys("BARRIERE_OIDC_ISSUER", "BARRIERE_OIDC_CLIENT_ID", "BARRIERE_OIDC_ROLES")
                .doesNotContainKey("BARRIERE_USERS");
        final int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return Map.of("BARRIERE_OIDC_ISSUER", keycloak.issuer().toString(),
                "BARRIERE_WEB_PORT", Integer.toString(port),
                "BARRIERE_OIDC_REDIRECT_URI", "http://localhost:" + port + "/login/oidc",
                "BARRIERE_OIDC_POST_LOGOUT_REDIRECT_URI", "http://localhost:" + port + "/logged-out");
    }

    /** A browser logged in as {@code user} at the identity provider, on review's UI. */
    private static WebClient login(final int port, final String user) throws Exception {
        final WebClient web = new WebClient(port);
        final String location = web.get("/login").headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(keycloak.issuer().toString());
        final Browser.Answer back = new Browser(keycloak.issuer()).logIn(URI.create(location), user,
                Keycloak.PASSWORDS.get(user));
        assertThat(web.get(back.location().getRawPath() + "?" + back.location().getRawQuery()).statusCode())
                .as("login of " + user).isEqualTo(303);
        return web;
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(final Map<String, String> env, final String... args) {
        final CommandLine commandLine = Barriere.commandLine(env);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    /** What this JVM changes in a container's environment: where the broker, registry, volumes, secret and ports are. */
    private record Rewrite(String bootstrap, String registry, Path volumes, Map<String, String> secretFiles) {

        Map<String, String> apply(final String service, final Map<String, String> env) {
            final Map<String, String> local = new TreeMap<>(env);
            local.put("BARRIERE_BOOTSTRAP_SERVERS", bootstrap);
            local.put("BARRIERE_SCHEMA_REGISTRY_URL", registry);
            local.put("BARRIERE_TOPICS_REPLICATION_FACTOR", "1");
            local.put("BARRIERE_STATE_DIR", volumes.resolve(service + "-state").toString());
            local.put("BARRIERE_HEALTH_PORT", "0");
            local.put("BARRIERE_WEB_PORT", "0");
            local.replaceAll((key, value) -> secretFiles.getOrDefault(value, value));
            return local;
        }

        /** A tool's environment: a service's, logged in as {@code user}. */
        Map<String, String> withLogin(final Map<String, String> env, final String user, final String password) {
            final Map<String, String> login = new TreeMap<>(env);
            login.put("BARRIERE_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"" + user + "\" password=\"" + password + "\";");
            login.put("BARRIERE_STATE_DIR", volumes.resolve(user + "-state").toString());
            return login;
        }
    }

    /** One service of the resolved compose file: its command and its environment, rewritten for this JVM. */
    private record Service(String name, String[] command, Map<String, String> env) {

        static Service of(final String name, final JsonNode services, final Rewrite rewrite) {
            final JsonNode service = services.get(name);
            assertThat(service).as("service " + name + " in docker-compose.yml").isNotNull();
            assertThat(service.path("image").asText()).as(name + " runs the Barrière image").isEqualTo("barriere:latest");
            final List<String> command = new ArrayList<>();
            service.get("command").forEach(arg -> command.add(arg.asText()));
            final Map<String, String> env = new TreeMap<>();
            service.get("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            return new Service(name, command.toArray(String[]::new), rewrite.apply(name, env));
        }
    }

    /** A long-running service on a thread of its own; interrupting it stops it as Ctrl-C would. */
    private static final class Running {

        private final Thread thread;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Map<String, Integer> exit = new ConcurrentHashMap<>();

        private Running(final Service service) {
            this.thread = new Thread(() -> {
                final CommandLine commandLine = Barriere.commandLine(service.env());
                commandLine.setOut(new PrintWriter(out, true));
                commandLine.setErr(new PrintWriter(err, true));
                exit.put("exit", commandLine.execute(service.command()));
            }, service.name());
        }

        static Running start(final Service service) {
            final Running running = new Running(service);
            running.thread.start();
            return running;
        }

        String output() {
            return out + "\n" + err;
        }

        int webPort() throws InterruptedException {
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                final Matcher matcher = WEB_UI.matcher(out.toString());
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
                assertThat(exit).as("review stopped: " + output()).isEmpty();
                Thread.sleep(100);
            }
            throw new AssertionError("review did not serve its web UI within 60 s: " + output());
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(60).toMillis());
            assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
        }
    }
}
