package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;

/**
 * Every RocksDB store of a Barrière application uses the one block cache of the configured size, with its
 * memtables charged to that cache: what RocksDB itself reports for two stores of an application run with
 * {@link StreamsApp#properties}.
 */
class BoundedRocksDbTest {

    private static final long TOTAL = 64L * 1024 * 1024;

    @Test
    void everyStoreSharesOneBlockCacheOfTheConfiguredTotal() {
        // Given an application with two RocksDB stores, configured as every Barrière application is, with 64 MiB
        final StreamsBuilder builder = new StreamsBuilder();
        builder.table("first", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("first-store"));
        builder.table("second", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("second-store"));
        final Properties props = StreamsApp.properties("bounded-rocksdb", AppConfig.defaults()
                .with(BoundedRocksDb.TOTAL_BYTES, Long.toString(TOTAL))
                .with(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "kafka-streams", "bounded-" + UUID.randomUUID()).toString())
                .with(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO"));

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            // When records reach both stores
            for (final String topic : List.of("first", "second")) {
                final TestInputTopic<String, String> input = driver.createInputTopic(topic, new StringSerializer(), new StringSerializer());
                input.pipeInput("k", "v");
            }

            // Then RocksDB reports the configured total as the block cache of each store: one cache, not one per store
            assertThat(storeMetric(driver, "block-cache-capacity", "first-store")).isEqualTo((double) TOTAL);
            assertThat(storeMetric(driver, "block-cache-capacity", "second-store")).isEqualTo((double) TOTAL);
            assertThat(BoundedRocksDb.totalBytes()).isEqualTo(TOTAL);
        }
    }

    private static double storeMetric(final TopologyTestDriver driver, final String name, final String store) {
        return driver.metrics().values().stream()
                .filter(m -> m.metricName().name().equals(name) && store.equals(m.metricName().tags().get("rocksdb-state-id")))
                .map(Metric::metricValue).map(v -> ((Number) v).doubleValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " for " + store + " among "
                        + driver.metrics().keySet().stream().filter(k -> k.group().contains("state")).map(k -> k.name() + k.tags()).toList()));
    }
}
