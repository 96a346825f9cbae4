package nl.barriere.review;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topics;
import nl.barriere.platform.Metrics;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The four-eyes gate in the stream. Signals are kept as they come (a newer one marks the one it supersedes);
 * every decision is put to {@link Gate}: an accepted one is stored beside the earlier decisions on its signal,
 * and a confirmed escalation of a permit application becomes exactly one {@link FlaggedPermit}; a refused one
 * stays on {@code review.decisions} as it was written (rule 8) and is answered with a dead letter naming the
 * reason, its topic, partition and offset and its original bytes (rule 7).
 *
 * <p>Who decided is checked first (DESIGN.md rule 1): the decision must carry the review app's signature
 * ({@link DecisionSigner}) over its reviewer, the roles that user held and every other field, and those roles must
 * include analyst. The reviewer field is only trusted as far as the signature vouches for it: anything written to
 * {@code review.decisions} by another producer (a BIBOB officer's name, a user id with a trailing blank, an
 * altered rationale) is refused before the four-eyes rules are asked.
 *
 * <p>Decisions reach the gate re-keyed by their signal id ({@link DecisionsBySignal}), whatever partition their
 * producer chose, so a decision is always in the task that holds its signal. One on a signal this task does not
 * hold is refused as unknown, saying so and no more: the gate cannot tell a signal never emitted from one not read
 * yet. It does not happen in normal use: an analyst decides on a signal the review UI showed, which it read from
 * these very stores, so the signal was processed first. When the stores are rebuilt from the topics, Kafka Streams hands a task its records in
 * timestamp order across both topics, and a signal's timestamp (the event time of its evidence) is earlier than
 * that of any decision on it (the wall-clock time of the click).
 *
 * <p>Retention (DESIGN.md §4): a dismissed signal is tombstoned on {@code ondermijning.signals} and removed from
 * the stores once stream time reaches its dismissal plus the retention period. Stream time, not the wall clock,
 * so a replay of the decisions removes the same signals; the decisions themselves are never deleted.
 *
 * <p>Counted: each refusal under its {@link Gate.Verdict#code()} ({@link Metrics#GATE_REFUSALS}, {@code at="stream"},
 * plus {@code unsigned}, {@code bad-signature}, {@code not-analyst}, {@code wrong-key} and {@code unknown-signal}
 * from here), and each dead letter ({@link Metrics#DEAD_LETTERS}, reason {@code refused}, {@code undecodable},
 * {@code wrong-key} or {@code tombstone}; the last two kinds of decision are dead-lettered by {@link DecisionsBySignal}). A decision is processed with
 * its signal's id in the MDC ({@code signalId}).
 */
final class ReviewGateProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewGateProcessor.class);
    /** Stream time is checked this often for dismissed signals whose retention ended. */
    private static final Duration RETENTION_CHECK = Duration.ofSeconds(1);
    /** What a user id in the users file looks like; anything else is shown quoted in a refusal. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    private final Deserializer<RiskSignal> signalDeserializer;
    private final Deserializer<ReviewDecision> decisionDeserializer;
    private final Duration dismissedRetention;
    private final DecisionSigner signer;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, RiskSignal> signals;
    private KeyValueStore<String, ReviewDecision> decisions;
    private KeyValueStore<String, String> supersededBy;
    private KeyValueStore<String, FlaggedPermit> flaggedPermits;
    private KeyValueStore<String, String> refusals;
    private KeyValueStore<String, String> retention;
    private KeyValueStore<String, RestrictedContext> restrictedContext;
    private ReviewStores stores;

    ReviewGateProcessor(final Deserializer<RiskSignal> signalDeserializer,
                        final Deserializer<ReviewDecision> decisionDeserializer, final Duration dismissedRetention,
                        final DecisionSigner signer) {
        this.signalDeserializer = signalDeserializer;
        this.decisionDeserializer = decisionDeserializer;
        this.dismissedRetention = dismissedRetention;
        this.signer = signer;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        signals = context.getStateStore(ReviewTopology.SIGNALS_STORE);
        decisions = context.getStateStore(ReviewTopology.DECISIONS_STORE);
        supersededBy = context.getStateStore(ReviewTopology.SUPERSEDED_STORE);
        flaggedPermits = context.getStateStore(ReviewTopology.FLAGGED_PERMITS_STORE);
        refusals = context.getStateStore(ReviewTopology.REFUSALS_STORE);
        retention = context.getStateStore(ReviewTopology.RETENTION_STORE);
        restrictedContext = context.getStateStore(ReviewTopology.RESTRICTED_CONTEXT_STORE);
        stores = new ReviewStores(signals, decisions, supersededBy);
        context.schedule(RETENTION_CHECK, PunctuationType.STREAM_TIME, this::expireDismissed);
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        if (source.topic().equals(Topics.SIGNALS.name())) {
            processSignal(record, new Origin(source.topic(), source.partition(), source.offset(), record.key()));
        } else {
            final DecisionOrigin origin = DecisionOrigin.of(record.headers());
            processDecision(record, new Origin(Topics.REVIEW_DECISIONS.name(), origin.partition(), origin.offset(),
                    origin.key()));
        }
    }

    private void processSignal(final Record<byte[], byte[]> record, final Origin source) {
        final String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key != null) {
                forget(key);
            }
            return;
        }
        final RiskSignal signal;
        try {
            signal = signalDeserializer.deserialize(source.topic(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, source, "undecodable", "cannot decode the signal: " + e.getMessage());
            return;
        }
        if (!signal.getSignalId().equals(key)) {
            deadLetter(record, source, "wrong-key", "signal " + signal.getSignalId() + " arrived under key " + key
                    + "; signals are keyed by their id, so its decisions would reach another partition");
            return;
        }
        signals.put(signal.getSignalId(), signal);
        if (signal.getSupersedes() != null) {
            supersededBy.put(signal.getSupersedes(), signal.getSignalId());
        }
    }

    /** A decision re-keyed by its signal id; tombstones and undecodable values were dead-lettered before. */
    private void processDecision(final Record<byte[], byte[]> record, final Origin source) {
        final ReviewDecision decision = decisionDeserializer.deserialize(Topics.REVIEW_DECISIONS.name(), record.value());
        try (MDC.MDCCloseable id = MDC.putCloseable("signalId", decision.getSignalId())) {
            decide(record, source, decision);
        }
    }

    /**
     * Puts a decoded decision to the gate: first who decided (the review app's signature over the user, their roles
     * and every field, and the analyst role among those roles), then the four-eyes rules; accepted into the stores,
     * or refused with a dead letter.
     */
    private void decide(final Record<byte[], byte[]> record, final Origin source, final ReviewDecision decision) {
        if (decision.getSignature() == null) {
            refuse(record, source, decision, "unsigned",
                    "it carries no signature, so it was not written by the review app");
            return;
        }
        if (!signer.verifies(decision)) {
            refuse(record, source, decision, "bad-signature",
                    "its signature does not check out (not written by the review app, or altered)");
            return;
        }
        if (!decision.getRoles().contains(Role.ANALYST.id())) {
            refuse(record, source, decision, "not-analyst", "it was signed for " + shown(decision.getReviewer())
                    + (decision.getRoles().isEmpty() ? " with no role" : " as " + String.join(", ", decision.getRoles()))
                    + ", not as " + Role.ANALYST.id() + "; only an analyst decides on a signal");
            return;
        }
        final String key = source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
        if (!decision.getSignalId().equals(key)) {
            refuse(record, source, decision, "wrong-key", "decision " + decision.getDecisionId() + " on signal "
                    + decision.getSignalId() + " arrived under key " + key + "; decisions are keyed by signal id");
            return;
        }
        final RiskSignal signal = signals.get(decision.getSignalId());
        if (signal == null) {
            refuse(record, source, decision, "unknown-signal", "unknown signal " + decision.getSignalId()
                    + ": this gate holds no such signal; it has not read it from " + Topics.SIGNALS.name()
                    + " (partition " + context.taskId().partition() + ", where the decision was routed by its signal id"
                    + " from " + source.topic() + "-" + source.partition() + ") or removed it after its retention");
            return;
        }
        final ReviewCase current = stores.caseOf(signal);
        final Gate.Verdict verdict = Gate.check(current.decisions(), current.supersededBy().isPresent(),
                decision.getReviewer(), decision.getAction(), decision.getRationale());
        if (!verdict.accepted()) {
            refuse(record, source, decision, verdict.code(), verdict.reason());
            return;
        }
        // The flagged permit is stored before the decision: the decision desk answers as soon as it sees the
        // decision in the store, and the page it then shows (or a BIBOB officer's) must already find the permit.
        if (verdict.next() == SignalState.ESCALATED && signal.getSubject().getType() == SubjectType.PERMIT_APPLICATION) {
            final FlaggedPermit permit = flaggedPermit(signal, Gate.pendingEscalation(current.decisions()), decision);
            flaggedPermits.put(signal.getSignalId(), permit);
            context.forward(new Record<>((Object) permit.getApplicationId(), (Object) permit, record.timestamp()),
                    ReviewTopology.WRITE_FLAGGED_PERMITS);
        }
        if (decision.getAction() == ReviewAction.DISMISS) {
            final long due = decision.getDecidedAt().toEpochMilli() + dismissedRetention.toMillis();
            retention.put(retentionKey(due, signal.getSignalId()), signal.getSignalId());
        }
        decisions.put(ReviewStores.decisionKey(signal.getSignalId(), current.decisions().size()), decision);
    }

    private FlaggedPermit flaggedPermit(final RiskSignal signal, final ReviewDecision escalation,
                                        final ReviewDecision confirmation) {
        final String applicationId = signal.getSubject().getId();
        return FlaggedPermit.newBuilder()
                .setApplicationId(applicationId)
                .setSignalId(signal.getSignalId())
                .setIndicators(new ArrayList<>(signal.getIndicators()))
                .setEscalatedBy(escalation.getReviewer())
                .setEscalationRationale(escalation.getRationale())
                .setEscalatedAt(escalation.getDecidedAt())
                .setConfirmedBy(confirmation.getReviewer())
                .setConfirmationRationale(confirmation.getRationale())
                .setConfirmedAt(confirmation.getDecidedAt())
                .setRestrictedContext(restrictedContext.get(applicationId))
                .build();
    }

    private void refuse(final Record<byte[], byte[]> record, final Origin source,
                        final ReviewDecision decision, final String code, final String reason) {
        Metrics.gateRefusal(context.applicationId(), "stream", code);
        refusals.put(decision.getDecisionId(), reason);
        deadLetter(record, source, "refused", "decision " + decision.getDecisionId() + " by "
                + shown(decision.getReviewer()) + " (" + decision.getAction() + ") refused: " + reason);
    }

    /**
     * A reviewer as a reason shows it: as written when it has the shape of a user id, quoted with its blanks and
     * control characters visible otherwise (an unsigned {@code "Analyst1 "} is not {@code Analyst1}).
     */
    static String shown(final String reviewer) {
        if (reviewer != null && USER_ID.matcher(reviewer).matches()) {
            return reviewer;
        }
        if (reviewer == null) {
            return "(no reviewer)";
        }
        final StringBuilder quoted = new StringBuilder("\"");
        reviewer.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }

    /**
     * Dead letters name the record where it lies: a signal on ondermijning.signals, a decision on review.decisions
     * (not on the repartition topic the gate read it from), with the key it was written under.
     */
    private void deadLetter(final Record<byte[], byte[]> record, final Origin source, final String code,
                            final String reason) {
        Metrics.deadLetter(context.applicationId(), ReviewTopology.STAGE, code, source.topic());
        LOG.warn("review gate: {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        context.forward(new Record<>((Object) source.key(), (Object) DeadLetters.of(source.topic(), source.partition(),
                source.offset(), ReviewTopology.STAGE, reason, source.key(), record.value(), record.timestamp()),
                record.timestamp()), ReviewTopology.WRITE_DEAD_LETTERS);
    }

    /** Where a record the gate read was written, and under which key. */
    private record Origin(String topic, int partition, long offset, byte[] key) {}

    /** Tombstones every dismissed signal whose retention ended at or before {@code streamTime}. */
    private void expireDismissed(final long streamTime) {
        final List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> range = retention.range(retentionKey(0, ""),
                retentionKey(streamTime, "\uffff"))) {
            range.forEachRemaining(due::add);
        }
        for (final KeyValue<String, String> entry : due) {
            final String signalId = entry.value;
            forget(signalId);
            retention.delete(entry.key);
            context.forward(new Record<>((Object) signalId, null, streamTime), ReviewTopology.WRITE_SIGNAL_TOMBSTONES);
        }
    }

    /**
     * Drops a signal and its decisions from the stores; the decisions stay on review.decisions, and a flagged
     * permit stays where the BIBOB officers find it.
     */
    private void forget(final String signalId) {
        signals.delete(signalId);
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ReviewDecision> range =
                     decisions.prefixScan(signalId + ReviewStores.SEPARATOR,
                             new StringSerializer())) {
            range.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(decisions::delete);
        supersededBy.delete(signalId);
    }

    /** Zero-padded so that the keys sort by due time. */
    static String retentionKey(final long dueMillis, final String signalId) {
        return String.format("%019d|%s", dueMillis, signalId);
    }
}
