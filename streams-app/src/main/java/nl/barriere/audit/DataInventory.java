package nl.barriere.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.detect.bibob.BibobZoneTopology;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.review.DecisionSigner;
import nl.barriere.review.ReviewTopology;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The data inventory a privacy officer signs (GDPR art. 30, DOMAIN.md §3 requirements 6 and 8): every topic and
 * every state store, what it holds, which of it is personal data, who reads it and how long it is kept under the
 * current settings. Topics' fields come from their schemas and their retention from what {@code create-topics}
 * sets; stores are found in the three applications' topologies, so a new topic or store cannot be left out
 * (DataInventoryTest). Who reads a topic names the Kafka principals of {@code deploy/kafka/acls.txt}, checked
 * against that file.
 */
public final class DataInventory {

    /** The applications with state, by application id. */
    static final Map<String, String> APPLICATIONS = Map.of(
            "barriere-detect", "detection (analyst zone)",
            "barriere-bibob-zone", "Bibob zone (restricted)",
            ReviewTopology.APPLICATION_ID, "review app and web UI");

    /** Who reads each topic: the principals (`detect`, …) and the people behind them. */
    static final Map<String, String> READERS = Map.ofEntries(
            Map.entry(Topics.KVK_BUSINESS_EVENTS.name(), "`detect`, `bibob-zone`; `review` (evidence); `operator` "
                    + "(replays); `auditor` (evidence, subject-export); `connect` (the BAG lookup: BAG ids; the lookups' clock: event times)"),
            Map.entry(Topics.KADASTER_PROPERTY_TRANSFERS.name(), "`detect`; `review` (evidence); `operator` (replays); "
                    + "`auditor` (evidence, subject-export); `connect` (the WOZ and BAG lookups: BAG ids and deed "
                    + "times; their clock: event times)"),
            Map.entry(Topics.KADASTER_MORTGAGES.name(), "`detect`; `review` (evidence); `operator` (replays); "
                    + "`auditor` (evidence, subject-export); `connect` (the lookups' clock: event times only)"),
            Map.entry(Topics.WOZ_VALUATIONS.name(), "`detect`; `review` (evidence); `operator` (replays); "
                    + "`auditor` (evidence, subject-export); `connect` (the WOZ connector: the ids it wrote)"),
            Map.entry(Topics.BAG_OBJECTS.name(), "`detect`; `review` (evidence); `operator` (replays); "
                    + "`auditor` (evidence, subject-export); `connect` (the BAG lookup: the ids it wrote)"),
            Map.entry(Topics.HORECA_PERMIT_EVENTS.name(), "`detect`, `bibob-zone`; `review` (evidence); `operator` "
                    + "(replays); `auditor` (evidence, subject-export); `connect` (the BAG lookup: BAG ids; the lookups' clock: event times)"),
            Map.entry(Topics.BIBOB_CASE_EVENTS.name(), "`bibob-zone` only"),
            Map.entry(Topics.SIGNALS.name(), "`review` (analysts, operators, auditors in the web UI); `analyst-bi`; "
                    + "`operator` (audit-diff); `auditor` (audit commands)"),
            Map.entry(Topics.REVIEW_DECISIONS.name(), "`review` (the analysts of the signal); `auditor` (audit-trail, "
                    + "subject-export, audit-verify)"),
            Map.entry(Topics.FLAGGED_PERMITS.name(), "`review` (BIBOB officers' pages only); audit-trail with "
                    + "--include-restricted, under a login the Bibob zone grants it (cleared auditors)"),
            Map.entry(Topics.RESTRICTED_CONTEXT.name(), "`review` (BIBOB officers' pages only)"),
            Map.entry(Topics.BIBOB_CASE_STEPS.name(), "`review` only (BIBOB officers' pages; the analysts' dashboard "
                    + "gets a count of outcomes per indicator, no case detail)"),
            Map.entry(Topics.ACCESS_LOG.name(), "`review` (sealing); `auditor` (audit-trail, subject-export, "
                    + "audit-verify)"),
            Map.entry(Topics.RULESET_CHANGES.name(), "`detect`, `bibob-zone` (start only an approved ruleset); `review` "
                    + "(sealing); `operator` (ruleset commands); `auditor` (audit-verify)"),
            Map.entry(Topics.AUDIT_SEALS.name(), "`auditor` (audit-verify)"),
            Map.entry(Topics.DEAD_LETTERS.name(), "`operator` (consume), to repair and resend"),
            Map.entry(Topics.BIBOB_DEAD_LETTERS.name(), "operators of the Bibob zone (written by the Bibob zone and, "
                    + "for refused case steps, by the review app)"));

    /** What each store holds, its personal data, and how long an entry stays. */
    static final Map<String, String[]> STORES = Map.ofEntries(
            store(DetectionTopology.BUFFER_STORE, "input events waiting for the hold (the largest lateness) to pass",
                    "as the events", "until released, days to weeks"),
            store(DetectionTopology.CLOCK_STORE, "the newest accepted event time and counters", "none", "one entry"),
            store(DetectionTopology.BUSINESSES_STORE, "per KvK number: legal form, SBI codes, address, officers and "
                    + "their changes", "officer pseudonyms", "not pruned: as long as the application's state"),
            store(DetectionTopology.OFFICER_LINKS_STORE, "per officer (pseudonym or KvK number): the businesses they "
                    + "were officer of, with dates", "officer pseudonyms (the key)", "not pruned"),
            store(DetectionTopology.ESTABLISHMENTS_STORE, "per BAG object: the establishments registered there",
                    "none", "not pruned"),
            store(DetectionTopology.TRANSFERS_STORE, "per BAG object: its transfers (price, buyer, seller, indicators fired)",
                    "buyer and seller pseudonyms", "not pruned"),
            store(DetectionTopology.MORTGAGES_STORE, "per BAG object: the dates of its mortgage deeds",
                    "none", "not pruned"),
            store(DetectionTopology.VALUATIONS_STORE, "per BAG object: its WOZ values by valuation date", "none",
                    "not pruned"),
            store(DetectionTopology.PREMISES_STORE, "per BAG object: its uses and the number of objects in its "
                    + "building", "none", "not pruned: one entry per object"),
            store(DetectionTopology.MORTGAGE_WINDOWS_STORE, "transfers whose ±30-day mortgage window is still open, "
                    + "by closing time", "none", "until the window closes in event time (31 days)"),
            store(DetectionTopology.ACQUISITIONS_STORE, "per buyer (KvK number or pseudonym): what it bought",
                    "buyer pseudonyms (the key)", "not pruned"),
            store(DetectionTopology.APPLICATIONS_STORE, "per BAG object: the permit applications for it",
                    "manager pseudonyms", "not pruned"),
            store(DetectionTopology.SUBJECTS_STORE, "per subject: the indicator findings still counting toward a "
                    + "signal", "where the subject is a property or business only", "a finding counts for the "
                    + "ruleset's finding lifetime; the entry is not pruned"),
            store(BibobZoneTopology.BUFFER_STORE, "Bibob, KvK and permit events waiting for the hold",
                    "as the events", "until released"),
            store(BibobZoneTopology.CLOCK_STORE, "the Bibob zone's newest accepted event time", "none", "one entry"),
            store(BibobZoneTopology.CONCLUSIONS_STORE, "per subject: earlier Bibob conclusions (serious danger)",
                    "subject pseudonyms; Bibob data (art. 28 Wet Bibob)", "not pruned"),
            store(BibobZoneTopology.OFFICERS_STORE, "per KvK number: its officers", "officer pseudonyms",
                    "not pruned"),
            store(BibobZoneTopology.OFFICER_BUSINESSES_STORE, "per officer: their businesses",
                    "officer pseudonyms (the key)", "not pruned"),
            store(BibobZoneTopology.APPLICATIONS_STORE, "per application: applicant and managers",
                    "manager pseudonyms", "not pruned"),
            store(BibobZoneTopology.SUBJECT_APPLICATIONS_STORE, "per subject: the applications that name it",
                    "subject pseudonyms (the key)", "not pruned"),
            store(ReviewTopology.SIGNALS_STORE, "every signal as emitted", "none in the signal (its evidence "
                    + "references point at events that may hold pseudonyms)",
                    "until its tombstone (dismissed: review.retention.dismissed.days after dismissal)"),
            store(ReviewTopology.DECISIONS_STORE, "accepted decisions per signal", "reviewers' user ids",
                    "as the signal"),
            store(ReviewTopology.SUPERSEDED_STORE, "which newer signal supersedes a signal", "none", "not pruned"),
            store(ReviewTopology.FLAGGED_PERMITS_STORE, "the flagged permit written per signal",
                    "analysts' user ids; Bibob context", "not pruned"),
            store(ReviewTopology.CASE_STEPS_STORE, "the BIBOB officers' accepted steps per application: status, "
                    + "notes, outcome", "officers' user ids; Bibob data (art. 28 Wet Bibob)", "not pruned"),
            store(ReviewTopology.CASE_STEP_REFUSALS_STORE, "why a case step was refused, by step id",
                    "officers' user ids; Bibob data (art. 28 Wet Bibob)", "not pruned"),
            store(ReviewTopology.REFUSALS_STORE, "why the gate refused a decision, by decision id", "none",
                    "not pruned"),
            store(ReviewTopology.RETENTION_STORE, "dismissed signals in the order their retention ends", "none",
                    "until the tombstone is written"),
            store(ReviewTopology.RESTRICTED_CONTEXT_STORE, "the Bibob zone's context per application (global store)",
                    "Bibob data (art. 28 Wet Bibob)", "as its topic"),
            store(ReviewTopology.DECISIONS_CHAIN_STORE, "the head of each decision partition's hash chain", "none",
                    "one entry per partition"),
            store(ReviewTopology.ACCESS_LOG_CHAIN_STORE, "the head of each access-log partition's hash chain",
                    "none", "one entry per partition"),
            store(ReviewTopology.RULESET_CHAIN_STORE, "the head of each ruleset-change partition's hash chain",
                    "none", "one entry per partition"));

    /**
     * The applications' internal repartition topics ({@code <application id>-<name>}), by name: what each holds.
     * Written and read by their application only (its prefixed ACL), emptied as soon as their records are processed.
     */
    static final Map<String, String> REPARTITION_TOPICS = Map.of(
            ReviewTopology.DECISIONS_BY_SIGNAL + "-repartition", "the decisions of review.decisions, keyed by the signal "
                    + "id they name, so that each reaches the task holding its signal; fields and personal data as "
                    + "review.decisions (reviewers' user ids)");

    /** Field names that hold an employee's identity rather than a citizen's pseudonym. */
    private static final Set<String> EMPLOYEE_FIELDS = Set.of("user", "reviewer", "escalatedBy", "confirmedBy", "by",
            "bibobOfficer");

    /** One store of one application. */
    record Store(String application, String name, String holds, String personalData, String kept) {}

    private DataInventory() {}

    private static Map.Entry<String, String[]> store(final String name, final String holds, final String personal,
                                                     final String kept) {
        return Map.entry(name, new String[] {holds, personal, kept});
    }

    /** One internal repartition topic of one application, by the name its topology gives it. */
    record RepartitionTopic(String application, String name, String holds) {}

    /** Every repartition topic of the three applications, found in their topologies. */
    static List<RepartitionTopic> repartitionTopics(final AppConfig config) {
        final List<RepartitionTopic> found = new ArrayList<>();
        topologies(config).forEach((application, topology) -> {
            final Set<String> names = new TreeSet<>();
            topology.describe().subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(topic -> topic.endsWith("-repartition")).forEach(names::add);
                }
            }));
            names.forEach(name -> found.add(new RepartitionTopic(application, name, REPARTITION_TOPICS.get(name))));
        });
        return found;
    }

    private static Map<String, Topology> topologies(final AppConfig config) {
        final Map<String, Topology> topologies = new LinkedHashMap<>();
        final Ruleset rules = Ruleset.load("v1");
        topologies.put("barriere-detect", DetectionTopology.build(rules, config.serdeConfig(), Topics.SIGNALS.name()));
        topologies.put("barriere-bibob-zone", BibobZoneTopology.build(rules, config.serdeConfig()));
        topologies.put(ReviewTopology.APPLICATION_ID, ReviewTopology.build(config.serdeConfig(),
                Duration.ofDays(config.getInt(AppConfig.DISMISSED_RETENTION_DAYS)), DecisionSigner.forDescription()));
        return topologies;
    }

    /** Every store of the three applications, found in their topologies. */
    static List<Store> stores(final AppConfig config) {
        final List<Store> stores = new ArrayList<>();
        topologies(config).forEach((application, topology) -> {
            final Set<String> names = new TreeSet<>();
            final TopologyDescription description = topology.describe();
            description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
                if (node instanceof TopologyDescription.Processor processor) {
                    names.addAll(processor.stores());
                }
            }));
            description.globalStores().forEach(global -> names.addAll(global.processor().stores()));
            for (final String name : names) {
                final String[] known = STORES.getOrDefault(name, new String[] {null, null, null});
                stores.add(new Store(application, name, known[0], known[1], known[2]));
            }
        });
        return stores;
    }

    /** Paths of the fields of {@code schema} that hold personal data: citizens' pseudonyms and employees' ids. */
    static List<String> personalFields(final Schema schema) {
        final List<String> found = new ArrayList<>();
        collect(schema, "", found, new TreeSet<>());
        return found;
    }

    private static void collect(final Schema schema, final String prefix, final List<String> found,
                                final Set<String> seen) {
        switch (schema.getType()) {
            case UNION -> schema.getTypes().forEach(t -> collect(t, prefix, found, seen));
            case ARRAY -> collect(schema.getElementType(), prefix + "[]", found, seen);
            case MAP -> collect(schema.getValueType(), prefix + "{}", found, seen);
            case RECORD -> {
                if (!seen.add(schema.getFullName() + "@" + prefix)) {
                    return;
                }
                for (final Schema.Field field : schema.getFields()) {
                    final String path = prefix.isEmpty() ? field.name() : prefix + "." + field.name();
                    if (field.name().toLowerCase().contains("pseudonym")) {
                        found.add(path + " (pseudonym of a person)");
                    } else if (EMPLOYEE_FIELDS.contains(field.name())) {
                        found.add(path + " (employee)");
                    } else {
                        collect(field.schema(), path, found, seen);
                    }
                }
            }
            default -> { }
        }
    }

    /** How long {@code topic} keeps its records under {@code config}, in words. */
    static String kept(final Topic<?, ?> topic, final AppConfig config) {
        final Map<String, String> configs = TopicAdmin.configs(topic, config);
        if (TopicConfig.CLEANUP_POLICY_COMPACT.equals(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG))) {
            return topic == Topics.SIGNALS ? "latest per signal; a dismissed signal is tombstoned "
                    + config.getInt(AppConfig.DISMISSED_RETENTION_DAYS) + " days after its dismissal"
                    : "latest per key, until a tombstone";
        }
        final long ms = Long.parseLong(configs.get(TopicConfig.RETENTION_MS_CONFIG));
        final String setting = switch (topic.retention()) {
            case RAW_EVENTS -> " (" + AppConfig.INPUT_RETENTION_DAYS + ")";
            case ARCHIVE -> " (" + AppConfig.ARCHIVE_RETENTION_DAYS + ", per the archive selection list)";
            default -> "";
        };
        return (ms < 0 ? "forever" : Duration.ofMillis(ms).toDays() + " days from "
                + (topic.retention() == Topic.Retention.RAW_EVENTS ? "arrival" : "writing")) + setting;
    }

    /** The inventory as Markdown: the topics, then the stores with their changelogs. */
    public static String markdown(final AppConfig config) {
        final StringBuilder md = new StringBuilder("# Data inventory\n\n");
        md.append("Every topic and every state store of Barrière, under the current settings. Persons appear only as "
                + "keyed pseudonyms (HMAC; the key is outside the analyst zone); no name, BSN, birth date, "
                + "nationality or address of a person.\n\n## Topics\n\n");
        md.append("| topic | holds | fields | personal data | read by | kept |\n|---|---|---|---|---|---|\n");
        for (final Topic<?, ?> topic : Topics.ALL) {
            final Schema schema = topic.valueSchema();
            final List<String> personal = personalFields(schema);
            md.append("| `").append(topic.name()).append("`").append(topic.restricted() ? " (restricted)" : "")
                    .append(" | ").append(topic.description())
                    .append(" | ").append(String.join(", ", schema.getFields().stream().map(Schema.Field::name).toList()))
                    .append(" | ").append(personal.isEmpty() ? "none" : String.join(", ", personal))
                    .append(" | ").append(READERS.getOrDefault(topic.name(), "(not described)"))
                    .append(" | ").append(kept(topic, config)).append(" |\n");
        }
        md.append("\n## Repartition topics\n\nInternal topics `<application id>-<name>`, written and read by that "
                + "application alone; each record is deleted once processed.\n\n");
        md.append("| application | topic | holds |\n|---|---|---|\n");
        for (final RepartitionTopic topic : repartitionTopics(config)) {
            md.append("| ").append(APPLICATIONS.get(topic.application())).append(" | `").append(topic.application())
                    .append('-').append(topic.name()).append("` | ")
                    .append(topic.holds() == null ? "(not described)" : topic.holds()).append(" |\n");
        }
        md.append("\n## State stores\n\nEach store is kept on the application's disk and in its changelog topic "
                + "`<application id>-<store>-changelog` (compacted, the same content). Entries marked \"not pruned\" "
                + "stay as long as the application's state, however old their events.\n\n");
        md.append("| application | store | holds | personal data | kept |\n|---|---|---|---|---|\n");
        for (final Store store : stores(config)) {
            md.append("| ").append(APPLICATIONS.get(store.application())).append(" | `").append(store.name())
                    .append("` | ").append(store.holds() == null ? "(not described)" : store.holds()).append(" | ")
                    .append(store.personalData()).append(" | ").append(store.kept()).append(" |\n");
        }
        return md.toString();
    }
}
