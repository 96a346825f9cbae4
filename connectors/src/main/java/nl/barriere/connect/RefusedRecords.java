package nl.barriere.connect;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record Barrière's connectors refuse: written to the refused-records topic with its key and <em>no value</em>
 * (what was refused may hold a person's raw identifier), the reason, the topic it was meant for and the source's
 * position in headers, so an operator can find the item in the source system and have it corrected there. Kafka
 * Connect's own dead-letter queue serves sink connectors only; this is the source side's.
 */
public final class RefusedRecords {

    public static final String REASON_HEADER = "barriere.refused.reason";
    public static final String TOPIC_HEADER = "barriere.refused.topic";
    public static final String SOURCE_OFFSET_HEADER = "barriere.source.offset";

    private RefusedRecords() {}

    /** The headers of a refusal; {@code sourceOffset} may be null. */
    public static ConnectHeaders headers(final String reason, final String topic, final Map<String, ?> sourceOffset) {
        final ConnectHeaders headers = new ConnectHeaders();
        headers.addString(REASON_HEADER, reason);
        headers.addString(TOPIC_HEADER, topic);
        if (sourceOffset != null) {
            headers.addString(SOURCE_OFFSET_HEADER, sourceOffset.toString());
        }
        return headers;
    }

    /**
     * A source connector's own refusal of an item it read (a malformed response, a value the contract cannot hold),
     * at the given position, so that the position is committed and the connector does not read the item again.
     */
    public static SourceRecord of(final String refusedTopic, final Map<String, ?> sourcePartition,
                                  final Map<String, ?> sourceOffset, final String topic, final String key,
                                  final String reason) {
        return new SourceRecord(sourcePartition, sourceOffset, refusedTopic, null, Schema.OPTIONAL_STRING_SCHEMA, key,
                null, null, null, headers(reason, topic, sourceOffset));
    }
}
