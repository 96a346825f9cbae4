package nl.barriere.devtools.bench;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/** Leaves every RocksDB store at Kafka Streams' own defaults: the baseline of variant (g) against the bounded (e). */
public final class KafkaDefaultRocksDb implements RocksDBConfigSetter {

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        // Kafka Streams' defaults as they are.
    }

    @Override
    public void close(final String storeName, final Options options) {
        // Nothing was made here.
    }
}
