package nl.barriere.devkit.generator;

import java.util.List;
import nl.barriere.contract.Topics;

/**
 * The input topics the generator writes, one {@code <topic>.jsonl} file each, by their index in the
 * generator's arrays.
 */
public final class GeneratorTopics {

    public static final String BUSINESS_EVENTS = Topics.KVK_BUSINESS_EVENTS.name();
    public static final String PROPERTY_TRANSFERS = Topics.KADASTER_PROPERTY_TRANSFERS.name();
    public static final String PERMIT_EVENTS = Topics.HORECA_PERMIT_EVENTS.name();
    public static final String BIBOB_CASE_EVENTS = Topics.BIBOB_CASE_EVENTS.name();
    public static final String MORTGAGES = Topics.KADASTER_MORTGAGES.name();
    public static final String WOZ_VALUATIONS = Topics.WOZ_VALUATIONS.name();
    public static final String BAG_OBJECTS = Topics.BAG_OBJECTS.name();

    /** In a fixed order; the index of a topic in this list is its index in {@link GenerationReport#eventsPerTopic()}. */
    public static final List<String> ALL =
            List.of(BUSINESS_EVENTS, PROPERTY_TRANSFERS, PERMIT_EVENTS, BIBOB_CASE_EVENTS, MORTGAGES, WOZ_VALUATIONS,
                    BAG_OBJECTS);

    static final int KVK = 0;
    static final int KADASTER = 1;
    static final int HORECA = 2;
    static final int BIBOB = 3;
    static final int MORTGAGE = 4;
    static final int WOZ = 5;
    static final int BAG = 6;

    private GeneratorTopics() {}

    /** The file a topic's events go to. */
    public static String fileName(final String topic) {
        return topic + ".jsonl";
    }
}
