package nl.barriere.devkit.generator;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code ground-truth.json}: the run's options, the thresholds the cases were built around, the
 * assumptions a detector must share to be scored against it, and every planted case. Keys are written in a fixed
 * order and with {@code \n} line endings, so the file is byte-identical for the same options.
 */
final class GroundTruth {

    static final String FILE_NAME = "ground-truth.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GroundTruth() {}

    static void write(
            final Path outDir,
            final GeneratorOptions options,
            final PlantingThresholds thresholds,
            final List<PlantedCase> cases) throws IOException {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("profile", options.profile().name());
        root.put("seed", options.seed());
        root.put("years", options.years());
        root.put("start", options.start().toString());
        root.put("end", options.end().toString());
        final ObjectNode files = root.putObject("files");
        for (final String topic : GeneratorTopics.ALL) {
            files.put(topic, GeneratorTopics.fileName(topic));
        }
        root.set("thresholds", thresholds(thresholds));
        final ObjectNode assumptions = root.putObject("assumptions");
        assumptions.put("municipalMedianPrice", options.profile().medianPrice);
        assumptions.put("wozPriceIndexAdjustment", 1.0);
        assumptions.put("i12DangerConclusion", "SERIOUS_DANGER");
        assumptions.put("initialPopulation",
                "establishments registered before the start are REGISTERED events at the start instant "
                        + options.start() + "T00:00:00Z; their startDate is the historical datumAanvang");
        assumptions.put("initialOfficer",
                "a business's first officer is carried on its REGISTERED event; only OFFICER_APPOINTED and "
                        + "OFFICER_RESIGNED count as officer changes (I7)");
        assumptions.put("i6NewEstablishments", "an establishment is new at an object when it is REGISTERED there");
        final ArrayNode caseNodes = root.putArray("cases");
        for (final PlantedCase planted : cases) {
            caseNodes.add(caseNode(planted));
        }
        final DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        final String json = MAPPER.writer(printer).writeValueAsString(root) + "\n";
        Files.writeString(outDir.resolve(FILE_NAME), json, StandardCharsets.UTF_8);
    }

    private static ObjectNode thresholds(final PlantingThresholds t) {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("i1ResaleWindowDays", t.i1ResaleWindowDays());
        node.put("i1MinPriceRatio", t.i1MinPriceRatio());
        node.put("i2LowRatio", t.i2LowRatio());
        node.put("i2HighRatio", t.i2HighRatio());
        node.put("i3MortgageWindowDays", t.i3MortgageWindowDays());
        node.put("i4NewBuyerMonths", t.i4NewBuyerMonths());
        node.put("i5MinAcquisitions", t.i5MinAcquisitions());
        node.put("i5WindowMonths", t.i5WindowMonths());
        node.put("i6MinActive", t.i6MinActive());
        node.put("i6MinNew", t.i6MinNew());
        node.put("i6NewWindowDays", t.i6NewWindowDays());
        node.put("i7MinOfficerChanges", t.i7MinOfficerChanges());
        node.put("i7WindowMonths", t.i7WindowMonths());
        node.put("i7BoardReplacedDays", t.i7BoardReplacedDays());
        node.put("i8MinActiveEntities", t.i8MinActiveEntities());
        node.put("i8MinEndedEntities", t.i8MinEndedEntities());
        node.put("i8EndedWindowMonths", t.i8EndedWindowMonths());
        node.put("i9FreshTransferMonths", t.i9FreshTransferMonths());
        node.put("i10MinApplicants", t.i10MinApplicants());
        node.put("i10WindowMonths", t.i10WindowMonths());
        node.put("i11FreshApplicantMonths", t.i11FreshApplicantMonths());
        node.put("i11ReshuffleMonths", t.i11ReshuffleMonths());
        return node;
    }

    private static ObjectNode caseNode(final PlantedCase planted) {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("caseId", planted.caseId());
        node.put("indicator", planted.indicator());
        node.put("expect", planted.expect().name());
        node.put("subjectType", planted.subjectType());
        node.put("subjectId", planted.subjectId());
        final ArrayNode expected = node.putArray("expectedIndicators");
        planted.expectedIndicators().forEach(expected::add);
        final ArrayNode others = node.putArray("otherSubjects");
        for (final PlantedCase.OtherSubject other : planted.otherSubjects()) {
            final ObjectNode otherNode = others.addObject();
            otherNode.put("subjectType", other.subjectType());
            otherNode.put("subjectId", other.subjectId());
            final ArrayNode indicators = otherNode.putArray("indicators");
            other.indicators().forEach(indicators::add);
        }
        node.put("description", planted.description());
        final ArrayNode eventIds = node.putArray("eventIds");
        planted.eventIds().forEach(eventIds::add);
        return node;
    }
}
