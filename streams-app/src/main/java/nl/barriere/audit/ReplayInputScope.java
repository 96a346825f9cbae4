package nl.barriere.audit;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Admits the input records a replay covers: those below the end offsets the input topics had when the replay
 * started. Records written after that belong to the live run; reading them would make what a replay shows depend
 * on when it finished. They are not lost: they stay on their topics and the live detection reads them.
 */
final class ReplayInputScope implements Processor<byte[], byte[], byte[], byte[]> {

    private final Map<TopicPartition, Long> endOffsets;
    private ProcessorContext<byte[], byte[]> context;

    ReplayInputScope(final Map<TopicPartition, Long> endOffsets) {
        this.endOffsets = Map.copyOf(endOffsets);
    }

    @Override
    public void init(final ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        final Long end = endOffsets.get(new TopicPartition(source.topic(), source.partition()));
        if (end != null && source.offset() < end) {
            context.forward(record);
        }
    }
}
