package nl.barriere.serde;

/** The Confluent framing around every Avro body: one magic byte, then the schema id as a big-endian int. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 1 + Integer.BYTES;

    private WireFormat() {
    }

    /** TopicNameStrategy, the default of Confluent's serializers and the one our topic registry assumes. */
    static String subject(final String topic, final boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
