package nl.barriere.detect.bibob;

import java.time.Instant;
import nl.barriere.detect.bibob.BibobFacts.Ref;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.PermitEvent;
import org.apache.avro.specific.SpecificRecord;

/** A validated input of the Bibob zone with the place it was read from, which is what a match cites. */
record BibobInput(String topic, int partition, long offset, SpecificRecord event) {

    String eventId() {
        if (event instanceof BusinessEvent e) {
            return e.getEventId();
        } else if (event instanceof PermitEvent e) {
            return e.getEventId();
        } else if (event instanceof BibobCaseEvent e) {
            return e.getEventId();
        }
        throw notAnInput();
    }

    long time() {
        final Instant at;
        if (event instanceof BusinessEvent e) {
            at = e.getOccurredAt();
        } else if (event instanceof PermitEvent e) {
            at = e.getOccurredAt();
        } else if (event instanceof BibobCaseEvent e) {
            at = e.getOccurredAt();
        } else {
            throw notAnInput();
        }
        return at.toEpochMilli();
    }

    /**
     * Among events with the same event time: register changes first, then Bibob conclusions, then permit steps.
     * So a submission sees every officer change and conclusion of its own instant ("at or before"), and emits
     * once instead of once per tie.
     */
    int rankAtEqualTime() {
        if (event instanceof BusinessEvent) {
            return 0;
        } else if (event instanceof BibobCaseEvent) {
            return 1;
        } else if (event instanceof PermitEvent) {
            return 2;
        }
        throw notAnInput();
    }

    Ref ref() {
        return new Ref(eventId(), topic, partition, offset, time());
    }

    private IllegalArgumentException notAnInput() {
        return new IllegalArgumentException("not a Bibob-zone input: " + event.getSchema().getName());
    }
}
