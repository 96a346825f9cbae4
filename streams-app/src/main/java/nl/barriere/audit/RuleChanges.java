package nl.barriere.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topics;
import nl.barriere.contract.User;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.RulesetAction;
import nl.barriere.schema.RulesetEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Changing the rules with four eyes (DESIGN.md §8; Tazama and Jube call it maker-checker): a ruleset that is not
 * one of Barrière's own is proposed with its full text on {@code governance.rulesets}, runs beside live detection
 * as a shadow ({@link ShadowRun}) whose difference with live is reported ({@link RuleChangeReport}), and becomes
 * startable only after {@value #APPROVALS} approvals by different authenticated people, neither of them the one who
 * proposed it. Every step is an event, sealed like the decisions. Barrière's own rulesets were approved by their
 * release (code review), and start as they are.
 */
public final class RuleChanges {

    /** Approvals a ruleset needs before detection starts it. */
    public static final int APPROVALS = 2;
    /** As for an analyst's escalation: a reason someone else can check. */
    public static final int MIN_RATIONALE = 50;
    /** Who may propose and approve: the team that works with the signals, and the auditors (privacy officer). */
    static final Set<Role> MAY = Set.of(Role.ANALYST, Role.AUDITOR);

    /** What is known of one ruleset: its proposal (null when none) and its approvals, in order. */
    public record Status(String digest, RulesetEvent proposal, List<RulesetEvent> approvals) {

        public boolean approved() {
            return proposal != null && approvals.size() >= APPROVALS;
        }

        /** One line for an operator. */
        public String text() {
            if (proposal == null) {
                return "ruleset " + digest + " was never proposed";
            }
            return "ruleset " + proposal.getVersion() + " (" + digest + "), proposed by " + proposal.getBy() + " at "
                    + proposal.getAt() + ": " + approvals.size() + " of " + APPROVALS + " approvals"
                    + (approvals.isEmpty() ? "" : " (" + String.join(", ", approvals.stream()
                    .map(a -> a.getBy() + " at " + a.getAt()).toList()) + ")")
                    + (approved() ? "; approved" : "; not approved");
        }
    }

    private RuleChanges() {}

    /** Proposes the ruleset in {@code yaml}; refused for one of Barrière's own, a repeat, or a short rationale. */
    public static RulesetEvent propose(final AppConfig config, final Clock clock, final String yaml, final String origin,
                                       final User user, final String rationale)
            throws ExecutionException, InterruptedException {
        final Ruleset ruleset = Ruleset.parse(yaml, origin);
        requireMay(user, rationale);
        if (ruleset.releasedWithBarriere()) {
            throw new IllegalArgumentException("ruleset " + ruleset.version() + " is Barrière's own, approved by its "
                    + "release; nothing to propose");
        }
        if (status(config, ruleset.digest()).proposal() != null) {
            throw new IllegalArgumentException("ruleset " + ruleset.digest() + " was proposed before; see "
                    + "`ruleset status " + ruleset.digest() + "`");
        }
        return write(config, event(ruleset.digest(), ruleset.version(), RulesetAction.PROPOSED, user, clock, rationale,
                yaml));
    }

    /** One approval by {@code user}; refused for the proposer, a second approval by the same person, or one too many. */
    public static RulesetEvent approve(final AppConfig config, final Clock clock, final String digest, final User user,
                                       final String rationale) throws ExecutionException, InterruptedException {
        requireMay(user, rationale);
        final Status status = status(config, digest);
        if (status.proposal() == null) {
            throw new IllegalArgumentException(status.text());
        }
        if (status.proposal().getBy().equals(user.name())) {
            throw new IllegalArgumentException(user.name() + " proposed this ruleset and cannot approve it: four eyes "
                    + "means two other people");
        }
        if (status.approvals().stream().anyMatch(a -> a.getBy().equals(user.name()))) {
            throw new IllegalArgumentException(user.name() + " approved this ruleset already; the next approval must "
                    + "come from someone else");
        }
        if (status.approved()) {
            throw new IllegalArgumentException("already approved: " + status.text());
        }
        return write(config, event(digest, status.proposal().getVersion(), RulesetAction.APPROVED, user, clock,
                rationale, null));
    }

    /** Everything {@code governance.rulesets} says about {@code digest}. */
    public static Status status(final AppConfig config, final String digest) {
        final List<RulesetEvent> proposals = new ArrayList<>();
        final List<RulesetEvent> approvals = new ArrayList<>();
        TopicReader.readAll(Topics.RULESET_CHANGES, config, (raw, event) -> {
            if (event.getDigest().equals(digest)) {
                (event.getAction() == RulesetAction.PROPOSED ? proposals : approvals).add(event);
            }
        });
        final RulesetEvent proposal = proposals.isEmpty() ? null : proposals.get(0);
        // Only approvals after the proposal, by others than the proposer, once per person, count
        final List<RulesetEvent> counted = new ArrayList<>();
        if (proposal != null) {
            approvals.stream().filter(a -> !a.getBy().equals(proposal.getBy()))
                    .filter(a -> counted.stream().noneMatch(c -> c.getBy().equals(a.getBy())))
                    .forEach(counted::add);
        }
        return new Status(digest, proposal, List.copyOf(counted));
    }

    /** The proposed ruleset's text as a ruleset, approved or not (a shadow runs before approval). */
    public static Ruleset proposed(final AppConfig config, final String digest) {
        final Status status = status(config, digest);
        if (status.proposal() == null) {
            throw new IllegalArgumentException(status.text());
        }
        final Ruleset ruleset = Ruleset.parse(status.proposal().getContent(), "proposal " + digest);
        if (!ruleset.digest().equals(digest)) {
            throw new IllegalStateException("the proposal of " + digest + " holds a ruleset with digest "
                    + ruleset.digest() + ": governance.rulesets was altered (run audit-verify)");
        }
        return ruleset;
    }

    /** The approved ruleset with {@code digest}; refused, saying why, when it is not approved. */
    public static Ruleset approved(final AppConfig config, final String digest) {
        final Status status = status(config, digest);
        if (!status.approved()) {
            throw new IllegalArgumentException(status.text());
        }
        return proposed(config, digest);
    }

    /** Refuses to start {@code ruleset} unless it is Barrière's own or approved. */
    public static void requireStartable(final AppConfig config, final Ruleset ruleset) {
        if (ruleset.releasedWithBarriere()) {
            return;
        }
        final Status status = status(config, ruleset.digest());
        if (!status.approved()) {
            throw new IllegalArgumentException("detection starts only an approved ruleset: " + status.text()
                    + ". Propose it (`ruleset propose`), watch its shadow run, and have two others approve it");
        }
    }

    private static void requireMay(final User user, final String rationale) {
        if (!MAY.contains(user.role())) {
            throw new IllegalArgumentException(user.name() + " is " + user.role().id() + "; rule changes are proposed "
                    + "and approved by analysts and auditors");
        }
        if (rationale == null || rationale.strip().length() < MIN_RATIONALE) {
            throw new IllegalArgumentException("the rationale needs at least " + MIN_RATIONALE + " characters: what "
                    + "the change is for, or what you checked");
        }
    }

    private static RulesetEvent event(final String digest, final String version, final RulesetAction action,
                                      final User user, final Clock clock, final String rationale, final String content) {
        return RulesetEvent.newBuilder().setDigest(digest).setVersion(version).setAction(action).setBy(user.name())
                .setRole(user.role().id()).setAt(clock.instant()).setRationale(rationale.strip()).setContent(content)
                .build();
    }

    private static RulesetEvent write(final AppConfig config, final RulesetEvent event)
            throws ExecutionException, InterruptedException {
        final Properties properties = config.kafkaProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, RulesetEvent> producer = new KafkaProducer<>(properties,
                Topics.RULESET_CHANGES.keySerde().serializer(),
                Topics.RULESET_CHANGES.valueSerde(config.serdeConfig()).serializer())) {
            producer.send(new ProducerRecord<>(Topics.RULESET_CHANGES.name(), null,
                    Topics.RULESET_CHANGES.timestampOf(event), Topics.RULESET_CHANGES.keyOf(event), event)).get();
        }
        return event;
    }
}
