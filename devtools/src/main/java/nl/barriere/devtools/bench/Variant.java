package nl.barriere.devtools.bench;

/**
 * The ways the same input is read. Each adds one thing to the one before, so the ratio of two neighbours says what
 * that thing costs: producing, then Kafka Streams itself, then detection, then exactly-once, then a proposed
 * ruleset's shadow run beside live detection in the same process.
 */
enum Variant {
    CONSUME("a", "consumer loop, Avro decode"),
    CONSUME_PRODUCE("b", "consume → produce, same serdes"),
    PASS_THROUGH("c", "Streams pass-through (at_least_once)"),
    DETECT_AT_LEAST_ONCE("d", "detection, at_least_once"),
    DETECT_EXACTLY_ONCE("e", "detection, exactly_once_v2"),
    DETECT_WITH_SHADOW("f", "detection + a shadow ruleset beside it (I1 off), exactly_once_v2"),
    DETECT_UNBOUNDED_ROCKSDB("g", "detection, exactly_once_v2, RocksDB at Kafka Streams' defaults (unbounded)");

    final String letter;
    final String description;

    Variant(final String letter, final String description) {
        this.letter = letter;
        this.description = description;
    }

    boolean isStreams() {
        return this != CONSUME && this != CONSUME_PRODUCE;
    }

    boolean isDetection() {
        return isStreams() && this != PASS_THROUGH;
    }
}
