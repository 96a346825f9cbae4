package nl.barriere.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Keeps one retried condition of the embedded broker out of the log. With transactions v2, when a transaction
 * starts while the previous one is still being completed, the broker refuses the first batch for a partition as a
 * concurrent transaction and every batch behind it as out of sequence; the producer sends them again and they
 * succeed. The broker logs each refusal as an ERROR with a stack trace (KAFKA-18202), which would read to an
 * operator as lost data. Everything else the broker logs passes.
 */
public final class RetriedSequenceFilter extends TurboFilter {

    private static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";

    @Override
    public FilterReply decide(final Marker marker, final Logger logger, final Level level, final String format,
                              final Object[] params, final Throwable error) {
        return REPLICA_MANAGER.equals(logger.getName()) && error instanceof OutOfOrderSequenceException
                && error.getMessage() != null && error.getMessage().contains("with no existing state")
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
