package nl.barriere.web;

import java.util.List;
import java.util.Map;
import nl.barriere.platform.EvidenceReader;
import nl.barriere.schema.EvidenceRef;
import org.apache.avro.specific.SpecificRecord;

/**
 * Fetches the input events behind a signal's evidence references, so the detail page can show what the company,
 * address and permit application actually are. In production this reads Kafka by topic, partition and offset
 * ({@link EvidenceReader}); the result leaves out a reference that no longer resolves (retention), and the page
 * then shows the reference alone.
 */
@FunctionalInterface
public interface EvidenceLookup {

    Map<EvidenceRef, SpecificRecord> fetch(List<EvidenceRef> refs);

    /** No event can be fetched: the page shows references only. */
    EvidenceLookup NONE = refs -> Map.of();

    /** Reads through one {@link EvidenceReader}; its consumer is not thread-safe, so one fetch at a time. */
    static EvidenceLookup of(final EvidenceReader reader) {
        return refs -> {
            synchronized (reader) {
                return reader.fetch(refs);
            }
        };
    }
}
