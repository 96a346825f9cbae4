package nl.barriere.contract;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import nl.barriere.serde.AvroSerde;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of Barrière: its name, how its keys and values are serialized, what the key of a value is, which
 * time is its event time, and how long Kafka keeps it. The only place besides {@link Topics} where a topic is
 * described.
 *
 * @param name          the topic name
 * @param keySerde      serde of the key (plain strings; the dead-letter topic keeps the original key bytes)
 * @param valueType     the Avro SpecificRecord class of the value, serialized in the Confluent wire format
 * @param retention     how long Kafka keeps the records
 * @param restricted    Bibob zone (art. 28 Wet Bibob): readable only by BIBOB officers' principals
 * @param keyOf         the key a producer gives a value, so every writer keys the same way
 * @param eventTimeOf   the event time of a value, used as the record timestamp
 * @param description   one line for operators
 */
public record Topic<K, V extends SpecificRecord>(
        String name,
        Serde<K> keySerde,
        Class<V> valueType,
        Retention retention,
        boolean restricted,
        Function<V, K> keyOf,
        Function<V, Instant> eventTimeOf,
        String description) {

    /** How long a topic's records are kept (the data inventory: DOMAIN.md §3 requirement 8, {@code data-inventory}). */
    public enum Retention {
        /**
         * Raw events, and the dead letters that keep what was refused of them: {@code topics.input.retention.days}
         * from arrival (default 24 months). Replays read them, so this is also how far back a replay reaches.
         */
        RAW_EVENTS,
        /**
         * Never rewritten: decisions, the access log, their seals and flagged permits, kept as the municipality's
         * archive selection list says: {@code topics.archive.retention.days} (default forever).
         */
        ARCHIVE,
        /**
         * Kept forever: the seals of the archive ({@code audit.seals}: hashes, offsets and times, no personal data),
         * so that a record removed by the archive's retention can still be told from one removed by hand.
         */
        FOREVER,
        /** Latest value per key, old ones removed by compaction; tombstones delete. */
        COMPACTED
    }

    /** A value serde for this topic against the schema registry named in {@code serdeConfig}. */
    public Serde<V> valueSerde(final Map<String, ?> serdeConfig) {
        final AvroSerde<V> serde = new AvroSerde<>(valueType);
        serde.configure(serdeConfig, false);
        return serde;
    }

    /** The registry subject of the values (TopicNameStrategy, as the serde writes them): {@code <topic>-value}. */
    public String valueSubject() {
        return name + "-value";
    }

    /**
     * The value schema, self-contained: every named type it uses (the shared ones of {@code common/} too) is
     * written out in full where first used, so the text can be posted to a registry or parsed on its own.
     */
    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }

    public K keyOf(final V value) {
        return keyOf.apply(value);
    }

    public long timestampOf(final V value) {
        return eventTimeOf.apply(value).toEpochMilli();
    }

    /** The same kind of topic under another name: a replay's {@code replay.NAME.signals} is read like the live one. */
    public Topic<K, V> named(final String otherName) {
        return new Topic<>(otherName, keySerde, valueType, retention, restricted, keyOf, eventTimeOf, description);
    }

    @Override
    public String toString() {
        return name;
    }
}
