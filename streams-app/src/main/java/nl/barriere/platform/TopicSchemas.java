package nl.barriere.platform;

import java.util.ArrayList;
import java.util.List;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.serde.SchemaRegistryClient;

/**
 * Registers the value schema of every topic of {@link Topics}, so that a producer outside Barrière (a connector, the
 * Bibob case system) finds the contract in the registry before Barrière has written anything, and the registry
 * refuses a change that breaks it.
 */
public final class TopicSchemas {

    /**
     * The rule every subject gets: a new version must read everything written with the previous one (add fields only
     * with a default, remove only fields that had one), so that detection and replays can always read the retained
     * input of the whole audit period. The same rule the embedded registry applies by default.
     */
    public static final String COMPATIBILITY = "BACKWARD";

    /** What happened to one subject. */
    public record Outcome(String subject, int id, String compatibility) {}

    private TopicSchemas() {}

    /**
     * Sets the compatibility rule of every topic's value subject and registers its self-contained schema. Both are
     * idempotent on the registry: a second run sets the same rule and finds the same schema under the same id.
     */
    public static List<Outcome> registerAll(final SchemaRegistryClient registry) {
        final List<Outcome> outcomes = new ArrayList<>();
        for (final Topic<?, ?> topic : Topics.ALL) {
            // The rule first, so that even the first version is registered under it.
            final String compatibility = registry.setCompatibility(topic.valueSubject(), COMPATIBILITY);
            final int id = registry.register(topic.valueSubject(), topic.valueSchema());
            outcomes.add(new Outcome(topic.valueSubject(), id, compatibility));
        }
        return outcomes;
    }
}
