package nl.barriere.devkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster inside this JVM: one KRaft process that is both broker and controller,
 * listening on localhost, with its data in a temporary directory that {@link #close()} deletes.
 *
 * <p>Configured so that a Kafka Streams application with {@code processing.guarantee=exactly_once_v2}
 * runs against it: the internal offsets and transaction topics have replication factor 1 and a
 * minimum in-sync replica count of 1. Topics are never created implicitly; the application creates
 * the ones it needs.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    private static final String SCRAM = "SCRAM-SHA-256";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final Properties adminProperties;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(final KafkaRaftServer server, final Path dataDir, final String bootstrapServers,
                          final Properties adminProperties) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.adminProperties = adminProperties;
    }

    /**
     * The super user of a secured broker, who creates the other users and applies the ACLs. Its SCRAM credential is
     * written at format time, the way {@code kafka-storage format --add-scram} bootstraps a real KRaft cluster.
     */
    public record SuperUser(String name, String password) {}

    /** Starts a broker on a free port; a topic created without a partition count gets one partition. */
    public static EmbeddedKafka start() {
        return start(0, 1);
    }

    /**
     * Starts a broker.
     *
     * @param port              the client port, or 0 for a free one (the controller port is always free-picked)
     * @param defaultPartitions the partition count of a topic created without an explicit count
     */
    public static EmbeddedKafka start(final int port, final int defaultPartitions) {
        return start(port, defaultPartitions, null);
    }

    /**
     * Starts a broker as a production cluster is secured: clients authenticate with SASL/SCRAM-SHA-256, the
     * controller listener with SASL/PLAIN (KRaft controllers cannot use SCRAM), and every request is checked by
     * {@code StandardAuthorizer} with nothing allowed that no ACL allows. Only {@code superUser} may do anything
     * at first. Clients need {@link #clientProperties(String, String)}.
     */
    public static EmbeddedKafka startSecured(final SuperUser superUser) {
        return start(0, 1, superUser);
    }

    /** Settings for a client of a secured broker that logs in as {@code user}. */
    public Properties clientProperties(final String user, final String password) {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, SASL_LISTENER);
        props.put("sasl.mechanism", SCRAM);
        props.put("sasl.jaas.config", scramLogin(user, password));
        return props;
    }

    private static EmbeddedKafka start(final int port, final int defaultPartitions, final SuperUser superUser) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (free) or a valid port number, was " + port);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be at least 1, was " + defaultPartitions);
        }
        final long startedAt = System.nanoTime();
        final Path dataDir = createDataDir();
        try {
            final int brokerPort = port == 0 ? freePort() : port;
            final int controllerPort = freePort();
            final Properties props = brokerProperties(dataDir, brokerPort, controllerPort, defaultPartitions);
            final List<String> formatArgs = new ArrayList<>();
            final Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + brokerPort);
            if (superUser != null) {
                secure(props, brokerPort, controllerPort, superUser);
                formatArgs.addAll(List.of("--add-scram",
                        SCRAM + "=[name=" + superUser.name() + ",password=" + superUser.password() + "]"));
                adminProps.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, SASL_LISTENER);
                adminProps.put("sasl.mechanism", SCRAM);
                adminProps.put("sasl.jaas.config", scramLogin(superUser.name(), superUser.password()));
            }
            format(props, dataDir, formatArgs);
            final KafkaConfig config = KafkaConfig.fromProps(props, false);
            final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            final EmbeddedKafka kafka = new EmbeddedKafka(server, dataDir, "localhost:" + brokerPort, adminProps);
            try {
                server.startup();
                kafka.awaitBrokerRegistered();
            } catch (final RuntimeException e) {
                kafka.close();
                throw e;
            }
            LOG.info("Embedded Kafka broker started at {} in {} ms",
                kafka.bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return kafka;
        } catch (final RuntimeException e) {
            deleteQuietly(dataDir);
            throw e;
        }
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:41234}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down and deletes its data. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private static Properties brokerProperties(final Path dataDir, final int brokerPort, final int controllerPort,
                                               final int defaultPartitions) {
        final Properties props = new Properties();
        props.putAll(Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", String.valueOf(NODE_ID)),
            Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
            Map.entry("listeners", BROKER_LISTENER + "://localhost:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://localhost:" + controllerPort),
            Map.entry("advertised.listeners", BROKER_LISTENER + "://localhost:" + brokerPort),
            Map.entry("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
            Map.entry("inter.broker.listener.name", BROKER_LISTENER),
            Map.entry("controller.listener.names", CONTROLLER_LISTENER),
            Map.entry("log.dirs", dataDir.resolve("log").toString()),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("num.partitions", String.valueOf(defaultPartitions)),
            Map.entry("default.replication.factor", "1"),
            Map.entry("min.insync.replicas", "1"),
            // One node cannot hold the default three replicas of the internal topics, and the
            // transaction coordinator refuses to start transactions without their minimum ISR.
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "5"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "5"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            // A lone consumer (or Streams instance) should not wait three seconds for peers that never come.
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // The 128 MiB default is sized for production compaction, not for a demo sharing the JVM.
            Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024))));
        return props;
    }

    /** Replaces the plaintext listeners by SASL ones and switches the authorizer on. */
    private static void secure(final Properties props, final int brokerPort, final int controllerPort,
                               final SuperUser superUser) {
        final String controllerLogin = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + superUser.name() + "\" password=\"" + superUser.password() + "\" user_" + superUser.name() + "=\""
                + superUser.password() + "\";";
        props.putAll(Map.ofEntries(
            Map.entry("listeners", SASL_LISTENER + "://localhost:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://localhost:" + controllerPort),
            Map.entry("advertised.listeners", SASL_LISTENER + "://localhost:" + brokerPort),
            Map.entry("listener.security.protocol.map",
                SASL_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT"),
            Map.entry("inter.broker.listener.name", SASL_LISTENER),
            Map.entry("sasl.mechanism.inter.broker.protocol", SCRAM),
            Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
            Map.entry("listener.name.sasl_plaintext.sasl.enabled.mechanisms", SCRAM),
            Map.entry("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                scramLogin(superUser.name(), superUser.password())),
            Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
            Map.entry("listener.name.controller.plain.sasl.jaas.config", controllerLogin),
            Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
            Map.entry("super.users", "User:" + superUser.name()),
            Map.entry("allow.everyone.if.no.acl.found", "false")));
    }

    private static String scramLogin(final String user, final String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
            + "\" password=\"" + password + "\";";
    }

    /**
     * Formats the storage the way {@code kafka-storage.sh format} does. Without {@code --release-version}
     * the tool picks the latest production metadata version of this Kafka release.
     */
    private static void format(final Properties props, final Path dataDir, final List<String> extraArgs) {
        final Path configFile = dataDir.resolve("server.properties");
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final int exitCode;
        try {
            try (Writer writer = Files.newBufferedWriter(configFile)) {
                props.store(writer, null);
            }
            final List<String> args = new ArrayList<>(List.of(
                "format", "--config", configFile.toString(), "--cluster-id", Uuid.randomUuid().toString()));
            args.addAll(extraArgs);
            exitCode = StorageTool.execute(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not write the embedded Kafka configuration", e);
        } catch (final RuntimeException e) {
            throw new IllegalStateException("Could not format the embedded Kafka storage: "
                + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the embedded Kafka storage exited with " + exitCode + ": "
                + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** {@link KafkaRaftServer#startup()} returns once the broker is unfenced; this double-checks over the wire. */
    private void awaitBrokerRegistered() {
        try (Admin admin = Admin.create(adminProperties)) {
            final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Embedded Kafka broker did not register within " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
        } catch (final Exception e) {
            throw new IllegalStateException("Embedded Kafka broker did not become ready", e);
        }
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("barriere-kafka-");
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not create a data directory for embedded Kafka", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not find a free port", e);
        }
    }

    private static void deleteQuietly(final Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (final IOException e) {
            LOG.warn("Could not delete embedded Kafka data directory {}", dir, e);
        }
    }
}
