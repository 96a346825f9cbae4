package nl.barriere.detect;

import java.util.List;
import nl.barriere.detect.Ruleset.IndicatorRule;

/**
 * One indicator of DOMAIN.md §5. Called for every input event, in event-time order, after the event has been
 * added to the entity state; returns what fired, for which subject. Parameters come only from {@code rule}.
 */
interface Indicator {

    /** The rule id in the ruleset, e.g. {@code I1}. */
    String id();

    List<Finding> evaluate(SourcedEvent event, EntityState state, IndicatorRule rule);
}
