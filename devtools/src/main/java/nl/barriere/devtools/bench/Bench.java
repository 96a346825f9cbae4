package nl.barriere.devtools.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.JsonLinesLoader;
import nl.barriere.platform.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The benchmark: an in-process broker and registry, a generated and capped input loaded once, then the variants
 * timed in turns ({@code a b c d e}, {@code a b c d e}, ...) so that a slow minute of the machine (a JIT phase, a
 * background job) spreads over all of them instead of landing on one; then the latency phase.
 */
public final class Bench {

    private Bench() {}

    /** Runs everything and returns the report; {@code progress} hears what is happening. */
    public static BenchReport run(final BenchOptions options, final PrintWriter progress) throws Exception {
        final long began = System.nanoTime();
        final Path work = Files.createTempDirectory("barriere-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, 1);
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0);
             HeapSampler heap = new HeapSampler()) {
            final AppConfig config = AppConfig.defaults()
                    .with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                    .with(AppConfig.REGISTRY_URL, registry.url());
            final Consumer<String> step = message -> {
                progress.printf("  - [%5.0f s] %s%n", (System.nanoTime() - began) / 1e9, message);
                progress.flush();
            };
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                TopicAdmin.createAll(admin, config);
                // Kept without time limit: the records carry event times years back, which the broker's default
                // retention would delete at its next check, in the middle of a run (EventTimeRetentionTest).
                final Map<String, String> keepAll = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
                final List<NewTopic> scratch = new ArrayList<>();
                ThroughputRunner.scratchTopics(options.runs())
                        .forEach(name -> scratch.add(new NewTopic(name, 1, (short) 1).configs(keepAll)));
                scratch.add(new NewTopic(LatencyPhase.SIGNALS_TOPIC, 1, (short) 1).configs(keepAll));
                admin.createTopics(scratch).all().get();

                final Path generated = work.resolve("generated");
                Generator.generate(GeneratorOptions.defaults(options.profile(), options.years(), options.seed()), generated);
                final BenchInput input = BenchInput.cap(generated, work.resolve("input"), options.events());
                deleteRecursively(generated);
                step.accept(String.format("Generated %s, %d year(s), seed %d; kept the first %,d events (%s)",
                        options.profile().name().toLowerCase(java.util.Locale.ROOT), options.years(), options.seed(),
                        input.total(), BenchReport.counts(input)));
                for (final var entry : input.counts().entrySet()) {
                    JsonLinesLoader.load(input.file(entry.getKey()), entry.getKey(), config, count -> { });
                }
                step.accept("Loaded the input onto Kafka");

                final ThroughputRunner runner =
                        new ThroughputRunner(config, admin, work.resolve("state"), heap, input.total());
                final List<Measurement> measurements = new ArrayList<>();
                for (int run = 1; run <= options.runs(); run++) {
                    for (final Variant variant : Variant.values()) {
                        if (!options.includes(variant)) {
                            continue;
                        }
                        final Measurement m = runner.run(variant, run);
                        measurements.add(m);
                        step.accept(String.format("run %d (%s) %-40s %,10.0f events/s in %6.1f s",
                                run, variant.letter, variant.description, m.eventsPerSecond(), m.seconds()));
                    }
                }
                final double exactlyOnce = BenchReport.stats(measurements, Variant.DETECT_EXACTLY_ONCE).median();
                step.accept("Latency phase: releasing the detector's buffer, then a steady load for "
                        + LatencyPhase.STEADY.toSeconds() + " s");
                final LatencyPhase.Result latency =
                        new LatencyPhase(config, admin, work.resolve("state"), heap, input).run(exactlyOnce);
                step.accept(String.format("Latency phase done: %,d events at %,.0f/s, %d of %d signals seen",
                        latency.produced(), latency.rate(), latency.latenciesMs().size(), latency.planted()));
                return new BenchReport(options, input, measurements, latency, (System.nanoTime() - began) / 1e9);
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
