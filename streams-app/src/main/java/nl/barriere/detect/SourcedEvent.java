package nl.barriere.detect;

import java.time.Instant;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.WozValuation;
import org.apache.avro.specific.SpecificRecord;

/** A validated input event with the place it was read from, which is what evidence references point at. */
record SourcedEvent(String topic, int partition, long offset, SpecificRecord event) {

    String eventId() {
        if (event instanceof BusinessEvent e) {
            return e.getEventId();
        } else if (event instanceof PropertyTransfer e) {
            return e.getEventId();
        } else if (event instanceof PermitEvent e) {
            return e.getEventId();
        } else if (event instanceof MortgageRegistered e) {
            return e.getEventId();
        } else if (event instanceof WozValuation e) {
            return e.getEventId();
        } else if (event instanceof BagObject e) {
            return e.getEventId();
        }
        throw new IllegalArgumentException("not an analyst-zone input: " + event.getSchema().getName());
    }

    Instant occurredAt() {
        if (event instanceof BusinessEvent e) {
            return e.getOccurredAt();
        } else if (event instanceof PropertyTransfer e) {
            return e.getOccurredAt();
        } else if (event instanceof PermitEvent e) {
            return e.getOccurredAt();
        } else if (event instanceof MortgageRegistered e) {
            return e.getOccurredAt();
        } else if (event instanceof WozValuation e) {
            return e.getOccurredAt();
        } else if (event instanceof BagObject e) {
            return e.getOccurredAt();
        }
        throw new IllegalArgumentException("not an analyst-zone input: " + event.getSchema().getName());
    }

    long time() {
        return occurredAt().toEpochMilli();
    }

    Ref ref() {
        return new Ref(eventId(), topic, partition, offset, time());
    }
}
