package nl.barriere.cli;

import java.util.stream.Collectors;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;

final class TopicOption {

    private TopicOption() {}

    static Topic<?, ?> resolve(final String name) {
        return Topics.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown topic '" + name
                + "'; Barrière's topics are: " + Topics.ALL.stream().map(Topic::name).collect(Collectors.joining(", "))));
    }
}
