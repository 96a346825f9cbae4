package nl.barriere.devtools;

import ch.qos.logback.classic.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nl.barriere.devkit.generator.Profile;
import nl.barriere.devtools.bench.Bench;
import nl.barriere.devtools.bench.BenchOptions;
import nl.barriere.devtools.bench.BenchReport;
import nl.barriere.platform.StreamsApp;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
                "Measures detection's throughput and latency in one process, against an embedded broker and schema "
                        + "registry, and prints a Markdown table.",
                "",
                "The same generated input is read by (a) a consumer loop, (b) consume→produce, (c) a Kafka Streams "
                        + "pass-through, (d) detection at-least-once, (e) detection exactly-once, (f) detection with a "
                        + "proposed ruleset's shadow beside it and (g) detection exactly-once with RocksDB at Kafka Streams' "
                        + "defaults instead of bounded to rocksdb.memory.total.bytes, in turns, --runs times each; then input→signal latency is measured under a steady load at half of (e)'s rate."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", defaultValue = "leiden", paramLabel = "leiden|national",
            description = "Generator profile. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--years", defaultValue = "3", paramLabel = "N", description = "Years generated. Default: ${DEFAULT-VALUE}.")
    int years;

    @Option(names = "--events", defaultValue = "100000", paramLabel = "N",
            description = "Load only the first N generated events, in event-time order across the three analyst-zone "
                    + "sources. Default: ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Timed runs per variant; the median is reported. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--variants", defaultValue = "abcdefg", paramLabel = "LETTERS",
            description = "Which variants to time (e always). Default: ${DEFAULT-VALUE}.")
    String variants;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the report, with the machine's facts, to this file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        // Every Streams app started here would log its whole topology; the bench starts sixteen of them.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(StreamsApp.class)).setLevel(Level.WARN);
        final BenchOptions options = new BenchOptions(Profile.valueOf(profile.toUpperCase(Locale.ROOT)), years, events, runs, seed,
                variants);
        spec.commandLine().getErr().println("Barrière bench: " + machine());
        final BenchReport report = Bench.run(options, spec.commandLine().getErr());
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().print(report.markdown());
        spec.commandLine().getOut().printf("%nTotal time: %.0f s%n", report.totalSeconds());
        if (out != null) {
            Files.writeString(out, document(options, report));
        }
        return 0;
    }

    private static String machine() {
        return String.format(Locale.ROOT, "%d cores, max heap %,d MiB, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1024 * 1024),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"));
    }

    private static String document(final BenchOptions options, final BenchReport report) {
        return """
            # Benchmarks

            `barriere bench` runs an embedded Kafka broker and schema registry in its own JVM, generates a municipality,
            loads the first `--events` events (in event-time order across `kvk.business-events`,
            `kadaster.property-transfers` and `horeca.permit-events`) and reads them five ways, in turns, each run with a
            fresh consumer group or application id and its own state directory:

            - (a) a consumer loop that decodes every value with the topics' Avro serdes;
            - (b) the same loop writing every record to a scratch topic, same serdes;
            - (c) a Kafka Streams topology from the three sources to scratch topics, same serdes, at-least-once;
            - (d) the full detection topology, `processing.guarantee=at_least_once`;
            - (e) the full detection topology, `processing.guarantee=exactly_once_v2`.

            Streams variants are timed from `start()` until the group's committed offsets reach the end of the input:
            start-up, rebalance and the last commit are included, nothing is subtracted. The commit interval is one
            second for both guarantees (the application default). The broker, the registry and the benchmark share
            one heap, so a peak says what a variant adds on top of a shared baseline.

            Latency: a fresh exactly-once detection application reads the same input, then copies of it (new event
            ids, event times after the loaded data) arrive at a steady rate, with I1 resale pairs on fresh BAG ids
            planted among them. Latency runs from handing a resale to the producer until its signal is visible to a
            `read_committed` consumer. The detector releases an event only once a later event time has arrived, so
            that wait is included.

            ## Machine and command

            - %s
            - `barriere bench --profile %s --years %d --events %d --runs %d --seed %d`
            - total wall time %.0f s

            ## Results

            %s
            """.formatted(machine(), options.profile().name().toLowerCase(Locale.ROOT), options.years(), options.events(),
                options.runs(), options.seed(), report.totalSeconds(), report.markdown());
    }
}
