package nl.barriere.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import org.junit.jupiter.api.Test;

/**
 * The data inventory: every topic and every store of the three applications is in it and described, who reads a
 * topic is what the shipped ACLs allow, the personal data is found in the schemas, and the retention shown is the
 * one the settings give.
 */
class DataInventoryTest {

    private static final Path ACLS = Path.of("..", "deploy", "kafka", "acls.txt");
    private static final Pattern PRINCIPAL = Pattern.compile("`([a-z-]+)`");

    @Test
    void everyTopicAndStoreIsDescribedAndTheReadersAreThoseTheAclsAllow() throws IOException {
        // Given the shipped ACLs
        final List<String[]> acls = Files.readAllLines(ACLS).stream().filter(l -> l.startsWith("User:"))
                .map(l -> l.trim().split("\\s+")).toList();

        // Then every topic names exactly the principals that may read it
        for (final Topic<?, ?> topic : Topics.ALL) {
            final Set<String> allowed = acls.stream().filter(a -> a[1].equals("READ") && a[2].equals("TOPIC")
                            && a[3].equals("LITERAL") && a[4].equals(topic.name()))
                    .map(a -> a[0].substring("User:".length())).collect(Collectors.toCollection(TreeSet::new));
            assertThat(DataInventory.READERS).as(topic.name()).containsKey(topic.name());
            final Set<String> named = new TreeSet<>();
            final Matcher matcher = PRINCIPAL.matcher(DataInventory.READERS.get(topic.name()));
            while (matcher.find()) {
                named.add(matcher.group(1));
            }
            assertThat(named).as(topic.name()).isEqualTo(allowed);
        }

        // And every store of detection, the Bibob zone and the review app is described
        final List<DataInventory.Store> stores = DataInventory.stores(AppConfig.defaults());
        assertThat(stores).extracting(DataInventory.Store::name)
                .contains("detection-buffer", "officer-entities", "bibob-conclusions", "review-signals",
                        "restricted-context", "audit-chain-access-log");
        assertThat(stores).allSatisfy(store -> assertThat(store.holds()).as(store.name()).isNotNull());
        assertThat(DataInventory.STORES.keySet()).containsExactlyInAnyOrderElementsOf(
                stores.stream().map(DataInventory.Store::name).toList());

        // And every internal repartition topic (the review app's decisions keyed by signal id) is described
        final List<DataInventory.RepartitionTopic> repartition = DataInventory.repartitionTopics(AppConfig.defaults());
        assertThat(repartition).extracting(DataInventory.RepartitionTopic::name)
                .containsExactly("decisions-by-signal-repartition");
        assertThat(repartition).allSatisfy(topic -> assertThat(topic.holds()).as(topic.name()).isNotNull());
        assertThat(DataInventory.markdown(AppConfig.defaults()))
                .contains("| `barriere-review-decisions-by-signal-repartition` |");
    }

    @Test
    void thePersonalDataIsFoundInTheSchemas() {
        assertThat(DataInventory.personalFields(Topics.KVK_BUSINESS_EVENTS.valueSchema()))
                .containsExactly("officer.personPseudonym (pseudonym of a person)");
        assertThat(DataInventory.personalFields(Topics.KADASTER_PROPERTY_TRANSFERS.valueSchema()))
                .containsExactly("buyer.personPseudonym (pseudonym of a person)",
                        "seller.personPseudonym (pseudonym of a person)");
        assertThat(DataInventory.personalFields(Topics.REVIEW_DECISIONS.valueSchema()))
                .containsExactly("reviewer (employee)");
        assertThat(DataInventory.personalFields(Topics.FLAGGED_PERMITS.valueSchema()))
                .contains("escalatedBy (employee)", "confirmedBy (employee)");
        assertThat(DataInventory.personalFields(Topics.AUDIT_SEALS.valueSchema())).isEmpty();
    }

    @Test
    void theRetentionShownIsTheOneTheSettingsGive() {
        // Given the defaults, and a municipality that keeps raw events a year and its archive ten
        final String defaults = DataInventory.markdown(AppConfig.defaults());
        final String own = DataInventory.markdown(AppConfig.defaults().with(AppConfig.INPUT_RETENTION_DAYS, "365")
                .with(AppConfig.ARCHIVE_RETENTION_DAYS, "3650"));

        // Then raw events are kept 24 months by default and a year by the setting, the archive forever or ten years
        assertThat(row(defaults, Topics.KVK_BUSINESS_EVENTS)).endsWith("| 730 days from arrival (topics.input.retention.days) |");
        assertThat(row(own, Topics.KVK_BUSINESS_EVENTS)).endsWith("| 365 days from arrival (topics.input.retention.days) |");
        assertThat(row(own, Topics.DEAD_LETTERS)).endsWith("| 365 days from arrival (topics.input.retention.days) |");
        assertThat(row(defaults, Topics.REVIEW_DECISIONS)).endsWith(
                "| forever (topics.archive.retention.days, per the archive selection list) |");
        assertThat(row(own, Topics.ACCESS_LOG)).endsWith(
                "| 3650 days from writing (topics.archive.retention.days, per the archive selection list) |");
        assertThat(row(own, Topics.AUDIT_SEALS)).endsWith("| forever |");
        assertThat(row(defaults, Topics.SIGNALS)).contains("a dismissed signal is tombstoned 183 days after its dismissal");
    }

    private static String row(final String markdown, final Topic<?, ?> topic) {
        return Arrays.stream(markdown.split("\n")).filter(l -> l.startsWith("| `" + topic.name() + "`"))
                .findFirst().orElseThrow();
    }
}
