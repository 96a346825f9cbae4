package nl.barriere.audit;

import java.time.Instant;
import nl.barriere.schema.RiskSignal;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps the signals detected in a replay's period, {@code from} inclusive, {@code to} exclusive. Detection itself
 * runs over all retained input, so the state a signal in the period depends on (windows reaching back before
 * {@code from}, the signal it supersedes) is the same as in the live run; only what is written is limited.
 */
final class ReplayPeriodFilter implements Processor<String, Object, String, Object> {

    private final Instant from;
    private final Instant to;
    private ProcessorContext<String, Object> context;

    ReplayPeriodFilter(final Instant from, final Instant to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, Object> record) {
        final Instant detectedAt = ((RiskSignal) record.value()).getDetectedAt();
        if (!detectedAt.isBefore(from) && detectedAt.isBefore(to)) {
            context.forward(record);
        }
    }
}
