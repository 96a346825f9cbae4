package nl.barriere.platform.bench;

/**
 * The five ways the same input is read. Each adds one thing to the one before, so the ratio of two neighbours
 * says what that thing costs: producing, then Kafka Streams itself, then detection, then exactly-once.
 */
enum Variant {
    CONSUME("a", "consumer loop, Avro decode"),
    CONSUME_PRODUCE("b", "consume → produce, same serdes"),
    PASS_THROUGH("c", "Streams pass-through (at_least_once)"),
    DETECT_AT_LEAST_ONCE("d", "detection, at_least_once"),
    DETECT_EXACTLY_ONCE("e", "detection, exactly_once_v2");

    final String letter;
    final String description;

    Variant(final String letter, final String description) {
        this.letter = letter;
        this.description = description;
    }

    boolean isStreams() {
        return this == PASS_THROUGH || this == DETECT_AT_LEAST_ONCE || this == DETECT_EXACTLY_ONCE;
    }

    boolean isDetection() {
        return this == DETECT_AT_LEAST_ONCE || this == DETECT_EXACTLY_ONCE;
    }
}
