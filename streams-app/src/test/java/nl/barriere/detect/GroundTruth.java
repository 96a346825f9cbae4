package nl.barriere.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The generator's ground-truth.json: which subject must (or must not) trigger which indicator. */
record GroundTruth(List<Case> cases) {

    /** One planted case; {@code alsoFlagged} are other subjects of the same story a detector may rightly flag. */
    record Case(String caseId, String indicator, boolean mustFire, String subject, Set<String> expectedIndicators,
                List<String> alsoFlagged, String description) {}

    static GroundTruth read(final Path file) throws IOException {
        final JsonNode root = new ObjectMapper().readTree(file.toFile());
        final List<Case> cases = new ArrayList<>();
        for (final JsonNode c : root.get("cases")) {
            final Set<String> expected = new TreeSet<>();
            c.path("expectedIndicators").forEach(i -> expected.add(i.asText()));
            final List<String> others = new ArrayList<>();
            c.path("otherSubjects").forEach(o -> others.add(o.get("subjectType").asText() + ":" + o.get("subjectId").asText()));
            cases.add(new Case(c.get("caseId").asText(), c.get("indicator").asText(), c.get("expect").asText().equals("FIRE"),
                    c.get("subjectType").asText() + ":" + c.get("subjectId").asText(), expected, others,
                    c.get("description").asText()));
        }
        return new GroundTruth(cases);
    }
}
