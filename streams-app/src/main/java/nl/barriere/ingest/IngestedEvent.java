package nl.barriere.ingest;

import org.apache.avro.specific.SpecificRecord;

/**
 * What ingest hands on: a decoded, validated input event, where it was read from, and its original bytes (which a
 * later stage needs if it must still dead-letter the record).
 */
public record IngestedEvent(String topic, int partition, long offset, SpecificRecord event, byte[] key, byte[] value) {}
