package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.json.AvroJson;
import org.junit.jupiter.api.Test;

class ReadmeExamplesTest {

    @Test
    void theReadmeShowsAValidLinePerTopicInCanonicalForm() {
        final Map<String, List<String>> examples = ReadmeExamples.byTopic();

        assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
        examples.forEach((topic, lines) -> lines.forEach(line -> {
            final Class<? extends org.apache.avro.specific.SpecificRecord> type = Topics.byName(topic).orElseThrow().valueType();
            assertThat(AvroJson.toJsonLine(AvroJson.fromJsonLine(line, type))).as(topic).isEqualTo(line);
        }));
    }
}
