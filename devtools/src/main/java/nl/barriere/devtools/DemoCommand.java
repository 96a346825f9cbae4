package nl.barriere.devtools;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nl.barriere.cli.BibobZoneCommand;
import nl.barriere.cli.DetectCommand;
import nl.barriere.cli.ReviewServer;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.devkit.generator.GenerationReport;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.devkit.generator.Profile;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.HealthServer;
import nl.barriere.platform.JsonLinesLoader;
import nl.barriere.platform.Lag;
import nl.barriere.platform.Logging;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.platform.TopicReader;
import nl.barriere.review.DecisionSigner;
import nl.barriere.web.Users;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
                "Runs Barrière in one process with nothing to set up: an embedded Kafka broker and schema registry, the "
                        + "topics, a generated Leiden-sized municipality (three years of history with planted cases) "
                        + "loaded onto the input topics, detection and the Bibob zone, and the review app with its web "
                        + "UI and five demo users (printed with their passwords). Ctrl-C stops everything and removes "
                        + "the demo's data."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka port; a free one is taken if it is busy. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry port; a free one is taken if it is busy. Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--web-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Review web UI port; a free one is taken if it is busy. Default: ${DEFAULT-VALUE}.")
    int webPort;

    @Option(names = "--profile", defaultValue = "leiden", paramLabel = "leiden|national",
            description = "Size of the generated municipality: leiden (about 24,000 events a year) or national (the whole "
                    + "country, about 3.3 million a year, for trying replays and audits at scale). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--years", defaultValue = "3", paramLabel = "N", description = "Years of generated history. Default: ${DEFAULT-VALUE}.")
    int years;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        Logging.app("barriere-demo");
        // The demo speaks in its own numbered steps; the applications' start-up logging (three topologies, every
        // schema registered) would bury them, and so would Kafka's warnings about what it retries by itself or what
        // the demo does on purpose (state in a temporary directory). Barrière's warnings and every error still show;
        // `detect`, `review` and the others log as configured.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("nl.barriere")).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        final long start = System.nanoTime();
        final CountDownLatch stopped = new CountDownLatch(1);
        final CountDownLatch cleanedUp = new CountDownLatch(1);
        final Path data = Files.createTempDirectory("barriere-demo-");
        // Hashing five passwords takes a few seconds of CPU; it runs while the broker starts and the data is made.
        final CompletableFuture<Users.DemoUsers> demoUsers = CompletableFuture.supplyAsync(Users::demo);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(portOrFree(kafkaPort), 6);
                 EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(portOrFree(registryPort))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.println("\nStopping Barrière demo...");
                stopped.countDown();
                try {
                    // The JVM exits when the hooks end: wait until the broker has shut down and the data is removed.
                    // Not by joining the main thread: it ends in System.exit, which waits for this hook.
                    cleanedUp.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            final AppConfig config = AppConfig.defaults()
                    .with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                    .with(AppConfig.REGISTRY_URL, registry.url())
                    .with(StreamsConfig.STATE_DIR_CONFIG, data.resolve("state").toString())
                    // The review app signs every decision; the demo makes itself a key for this run, removed with
                    // its data (an installation's comes from deploy/generate-secrets.sh).
                    .with(AppConfig.REVIEW_SIGNING_KEY_FILE,
                            DecisionSigner.writeNewKeyFile(data.resolve("review-signing.properties")).toString());
            step("Kafka broker on " + kafka.bootstrapServers() + ", schema registry on " + registry.url());

            try (Admin admin = Admin.create(config.kafkaProperties())) {
                TopicAdmin.createAll(admin, config);
            }
            step("Created " + Topics.ALL.size() + " topics");

            final Profile size = Profile.valueOf(profile.toUpperCase(Locale.ROOT));
            final GenerationReport report = Generator.generate(GeneratorOptions.defaults(size, years, seed), data);
            step(String.format("Generated %d years of a %s municipality (seed %d): %,d events, %d planted cases",
                    years, size == Profile.LEIDEN ? "Leiden-sized" : "national-sized", seed, report.totalEvents(),
                    report.plantedCases()));

            for (final Topic<String, ?> topic : Topics.INPUTS) {
                final long written = JsonLinesLoader.load(data.resolve(GeneratorTopics.fileName(topic.name())), topic, config, count -> { });
                step(String.format("Loaded %,d records onto %s", written, topic.name()));
            }

            final Ruleset rules = Ruleset.load("v1");
            final Users.DemoUsers users = demoUsers.join();
            final Path usersFile = data.resolve("users.txt");
            users.write(usersFile);
            try (StreamsApp detect = DetectCommand.detection(config, rules).start();
                 StreamsApp bibobZone = BibobZoneCommand.bibobZone(config, rules).start();
                 ReviewServer review = ReviewServer.start(config, portOrFree(webPort), users.users());
                 HealthServer health = HealthServer.start(0, List.of(detect, bibobZone, review.streamsApp()));
                 Admin admin = Admin.create(config.kafkaProperties())) {
                step("Detection and the Bibob zone are running (ruleset " + rules.version() + "); signals appear on "
                    + Topics.SIGNALS.name() + " as they are found");
                step("The review app and its web UI are running, for the " + users.passwords().size()
                    + " users of " + usersFile);
                ready(start, kafka, registry, data, health, review.webPort(), users);
                final Thread progress = new Thread(() -> reportWhenCaughtUp(admin, config), "demo-progress");
                progress.setDaemon(true);
                progress.start();
                stopped.await();
            }
        } finally {
            try {
                deleteRecursively(data);
            } finally {
                cleanedUp.countDown();
            }
        }
        return 0;
    }

    /** Says once when detection has read all loaded input; Ctrl-C does not wait for it. */
    private void reportWhenCaughtUp(final Admin admin, final AppConfig config) {
        final long detecting = System.nanoTime();
        try {
            if (Lag.awaitCaughtUp(admin, DetectCommand.APPLICATION_ID,
                    DetectionTopology.INPUTS.stream().map(Topic::name).toList(), Duration.ofHours(2))) {
                final long signals = TopicReader.readAll(Topics.SIGNALS, config, (raw, signal) -> { });
                step(String.format("Detection has read all %d years in %.0f s: %,d signals on %s", years,
                    (System.nanoTime() - detecting) / 1e9, signals, Topics.SIGNALS.name()));
            }
        } catch (ExecutionException | RuntimeException e) {
            // Only a progress message is lost, e.g. when Ctrl-C closed the admin client first.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void ready(final long start, final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry,
                              final Path data, final HealthServer health, final int webPort,
                              final Users.DemoUsers users) {
        final Duration ready = Duration.ofNanos(System.nanoTime() - start);
        final StringBuilder logins = new StringBuilder();
        users.passwords().forEach((name, password) -> logins.append(String.format("  %-10s %-14s %s%n", name,
            users.users().role(name).map(Role::id).orElseThrow(), password)));
        System.out.printf("""

            Barrière demo is ready (%.1f s).
              Review web UI:    http://localhost:%d/
              Kafka bootstrap:  %s
              Schema registry:  %s
              Health:           http://localhost:%d/health/ready
              Metrics:          http://localhost:%d/metrics
              Generated data:   %s  (ground-truth.json lists the planted cases)

            Users of the web UI (new passwords on every start):
            %s
            The four-eyes walk (signals keep arriving until detection has read all years):
              1. analyst1: open the first permit application (Vergunningaanvraag) in the queue, choose
                 Opschalen (Escalate) and write a rationale of at least 50 characters.
              2. analyst2: Tweede beoordeling (Second review), open it, choose Opschaling bevestigen (Confirm)
                 with a rationale of at least 50 characters.
              3. bibob1: the flagged permit, with both analysts, their rationales and the evidence.
              4. ./barriere consume --topic bibob.flagged-permits   shows it on the BIBOB officers' topic.
            Every page switches to English with the link at the top.

            From another terminal:
              ./barriere consume --topic ondermijning.signals --max 3
              ./barriere consume --topic kvk.business-events --max 3
              curl %s/subjects
            (add --bootstrap %s --registry %s if the default ports were busy)

            Press Ctrl-C to stop.
            %n""", ready.toMillis() / 1000.0, webPort, kafka.bootstrapServers(), registry.url(), health.port(),
            health.port(), data,
            logins, registry.url(), kafka.bootstrapServers(), registry.url());
    }

    private static void step(final String message) {
        System.out.println("  - " + message);
    }

    /** The requested port if it is free, else 0 (the embedded servers then pick a free one). */
    private static int portOrFree(final int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return port;
        } catch (IOException busy) {
            return 0;
        }
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
