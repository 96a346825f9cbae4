package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RetriedSequenceFilterTest {

    private final Logger broker = (Logger) LoggerFactory.getLogger("kafka.server.ReplicaManager");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        broker.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        broker.detachAppender(logged);
    }

    @Test
    void theRetriedFirstSequenceRefusalIsNotLoggedButOtherBrokerErrorsAre() {
        // Given the project's logback configuration (src/main/resources/logback.xml installs the filter)
        // When the broker logs the refusal a transactions-v2 producer retries, and two other errors
        broker.error("Error processing append operation on partition p-0", new OutOfOrderSequenceException(
                "Invalid sequence number for producer 6 at offset 18534 in partition p-0: 47 (incoming seq. number). "
                        + "Expected sequence 0 for transactions v2 idempotent producer with no existing state."));
        broker.error("Error processing append operation on partition p-0", new OutOfOrderSequenceException(
                "Out of order sequence number for producer 6 at offset 5 in partition p-0: 9 (incoming seq. number), "
                        + "7 (current end sequence number)"));
        broker.error("Error processing append operation on partition p-0", new IllegalStateException("disk"));

        // Then only the retried refusal is left out
        assertThat(logged.list).extracting(e -> e.getThrowableProxy().getMessage())
                .containsExactly("Out of order sequence number for producer 6 at offset 5 in partition p-0: 9 "
                        + "(incoming seq. number), 7 (current end sequence number)", "disk");
    }
}
