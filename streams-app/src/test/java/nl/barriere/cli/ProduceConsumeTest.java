package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.devkit.generator.Profile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI against a real in-process broker and registry: topics are created idempotently, every topic's records
 * survive produce then consume unchanged, and a bad file writes nothing.
 */
class ProduceConsumeTest {

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        assertThat(run("create-topics").exitCode).isZero();
    }

    @AfterAll
    static void stop() {
        registry.close();
        kafka.close();
    }

    @Test
    void createTopicsMakesEveryTopicOnceWithItsRetention() throws Exception {
        // When create-topics runs a second time
        final Result again = run("create-topics");

        // Then it changes nothing and says so: every topic exists, every subject keeps its schema and rule
        assertThat(again.exitCode).isZero();
        assertThat(again.out.lines()).hasSize(2 * Topics.ALL.size());
        assertThat(again.out.lines().limit(Topics.ALL.size())).allMatch(line -> line.contains(" exists "));
        assertThat(again.out.lines().skip(Topics.ALL.size())).allMatch(line -> line.contains("compatibility=BACKWARD"));

        // And the dead-letter topics take a bounded dead letter, and no more than the producers send
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            final Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEAD_LETTERS.name()),
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.BIBOB_DEAD_LETTERS.name()))).all().get();
            assertThat(value(configs, Topics.DEAD_LETTERS, TopicConfig.MAX_MESSAGE_BYTES_CONFIG)).isEqualTo("1048576");
            assertThat(value(configs, Topics.BIBOB_DEAD_LETTERS, TopicConfig.MAX_MESSAGE_BYTES_CONFIG)).isEqualTo("1048576");
        }

        // And the topics carry the cleanup policy and retention of their kind
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            final Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.KVK_BUSINESS_EVENTS.name()),
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.REVIEW_DECISIONS.name()),
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.SIGNALS.name()))).all().get();
            assertThat(value(configs, Topics.KVK_BUSINESS_EVENTS, TopicConfig.RETENTION_MS_CONFIG))
                    .isEqualTo(Long.toString(730L * 24 * 3600 * 1000));
            assertThat(value(configs, Topics.REVIEW_DECISIONS, TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("-1");
            assertThat(value(configs, Topics.SIGNALS, TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
        }
    }

    @Test
    void everyTopicsRecordsSurviveProduceThenConsumeUnchanged(@TempDir final Path dir) throws IOException {
        for (final Map.Entry<String, List<String>> example : ReadmeExamples.byTopic().entrySet()) {
            // Given a JSON-lines file with records for the topic
            final Path file = dir.resolve(example.getKey() + ".jsonl");
            Files.write(file, example.getValue());

            // When it is produced, then consumed to the end
            final Result produced = run("produce", "--topic", example.getKey(), "--file", file.toString());
            final Result consumed = run("consume", "--topic", example.getKey(), "--to-end");

            // Then the same lines come back, byte for byte
            assertThat(produced.exitCode).as(produced.err).isZero();
            assertThat(consumed.exitCode).as(consumed.err).isZero();
            assertThat(consumed.out.lines()).as(example.getKey()).containsExactlyInAnyOrderElementsOf(example.getValue());
        }
    }

    @Test
    void generatedDataSurvivesGenerateProduceConsume(@TempDir final Path dir) throws IOException {
        // Given one generated year of a Leiden-sized municipality
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 1, 7), dir);
        final Path permits = dir.resolve(GeneratorTopics.fileName(Topics.HORECA_PERMIT_EVENTS.name()));
        final List<String> lines = Files.readAllLines(permits);

        // When the permit events are produced and consumed to the end
        final Result produced = run("produce", "--topic", Topics.HORECA_PERMIT_EVENTS.name(), "--file", permits.toString());
        final List<String> consumed = run("consume", "--topic", Topics.HORECA_PERMIT_EVENTS.name(), "--to-end").out.lines()
                .filter(line -> line.contains("\"system\":\"generator\"")).toList();

        // Then every generated line comes back unchanged
        assertThat(produced.out).contains(String.format("%,d records written", lines.size()));
        assertThat(consumed).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void aFileWithABadLineWritesNothingAndNamesTheLineAndField(@TempDir final Path dir) throws IOException {
        // Given a file whose third line has a number where the KvK number must be a string
        final String good = ReadmeExamples.byTopic().get(Topics.HORECA_PERMIT_EVENTS.name()).get(0);
        final List<String> lines = new ArrayList<>(List.of(good, good.replace("hor-000000001", "hor-2"),
                good.replace("\"applicantKvkNumber\":\"12345678\"", "\"applicantKvkNumber\":12345678"), good));
        final Path file = dir.resolve("bad.jsonl");
        Files.write(file, lines);

        // When it is produced
        final Result result = run("produce", "--topic", Topics.HORECA_PERMIT_EVENTS.name(), "--file", file.toString());

        // Then the command fails, names line 3 and the field, and the topic received nothing
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("line 3: $.applicantKvkNumber: expected a string, got 12345678 (number)")
                .contains("nothing was written");
        assertThat(run("consume", "--topic", Topics.HORECA_PERMIT_EVENTS.name(), "--to-end").out.lines()
                .filter(line -> line.contains("hor-2"))).isEmpty();
    }

    @Test
    void anUnknownTopicIsRefusedWithTheListOfTopics() {
        final Result result = run("consume", "--topic", "kvk.events", "--to-end");
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.err).contains("unknown topic 'kvk.events'").contains(Topics.SIGNALS.name());
    }

    private static String value(final Map<ConfigResource, Config> configs, final Topic<?, ?> topic, final String key) {
        return configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).get(key).value();
    }

    record Result(int exitCode, String out, String err) {}

    static Result run(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap", kafka.bootstrapServers(), "--registry", registry.url()));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Barriere.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }
}
