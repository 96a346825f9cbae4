package nl.barriere.contract;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import nl.barriere.contract.Topic.Retention;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.AuditSeal;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.RulesetEvent;
import nl.barriere.schema.WozValuation;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of Barrière (DESIGN.md §4): the only place a topic name is spelled. */
public final class Topics {

    public static final Topic<String, BusinessEvent> KVK_BUSINESS_EVENTS = new Topic<>(
            "kvk.business-events", Serdes.String(), BusinessEvent.class, Retention.RAW_EVENTS, false,
            BusinessEvent::getKvkNumber, BusinessEvent::getOccurredAt,
            "business-register changes (KvK), keyed by KvK number");

    public static final Topic<String, PropertyTransfer> KADASTER_PROPERTY_TRANSFERS = new Topic<>(
            "kadaster.property-transfers", Serdes.String(), PropertyTransfer.class, Retention.RAW_EVENTS, false,
            PropertyTransfer::getBagVboId, PropertyTransfer::getOccurredAt,
            "registered property transfers (Kadaster), keyed by BAG verblijfsobject id");

    public static final Topic<String, MortgageRegistered> KADASTER_MORTGAGES = new Topic<>(
            "kadaster.mortgages", Serdes.String(), MortgageRegistered.class, Retention.RAW_EVENTS, false,
            MortgageRegistered::getBagVboId, MortgageRegistered::getOccurredAt,
            "registered mortgage rights (Kadaster), keyed by BAG verblijfsobject id");

    public static final Topic<String, WozValuation> WOZ_VALUATIONS = new Topic<>(
            "woz.valuations", Serdes.String(), WozValuation.class, Retention.RAW_EVENTS, false,
            WozValuation::getBagVboId, WozValuation::getOccurredAt,
            "official valuations from the municipality's WOZ administration, keyed by BAG verblijfsobject id");

    public static final Topic<String, BagObject> BAG_OBJECTS = new Topic<>(
            "bag.objects", Serdes.String(), BagObject.class, Retention.RAW_EVENTS, false,
            BagObject::getBagVboId, BagObject::getOccurredAt,
            "BAG verblijfsobjecten after each change (use, building, display address), keyed by BAG verblijfsobject id");

    public static final Topic<String, PermitEvent> HORECA_PERMIT_EVENTS = new Topic<>(
            "horeca.permit-events", Serdes.String(), PermitEvent.class, Retention.RAW_EVENTS, false,
            PermitEvent::getApplicationId, PermitEvent::getOccurredAt,
            "hospitality-permit application steps, keyed by application id");

    public static final Topic<String, BibobCaseEvent> BIBOB_CASE_EVENTS = new Topic<>(
            "bibob.case-events", Serdes.String(), BibobCaseEvent.class, Retention.RAW_EVENTS, true,
            e -> e.getApplicationId() != null ? e.getApplicationId() : e.getSubjectKvkNumber(), BibobCaseEvent::getOccurredAt,
            "RESTRICTED Bibob screening steps, keyed by application id or KvK number");

    public static final Topic<String, RiskSignal> SIGNALS = new Topic<>(
            "ondermijning.signals", Serdes.String(), RiskSignal.class, Retention.COMPACTED, false,
            RiskSignal::getSignalId, RiskSignal::getDetectedAt,
            "explainable risk signals for analysts, keyed by signal id");

    public static final Topic<String, ReviewDecision> REVIEW_DECISIONS = new Topic<>(
            "review.decisions", Serdes.String(), ReviewDecision.class, Retention.ARCHIVE, false,
            ReviewDecision::getSignalId, ReviewDecision::getDecidedAt,
            "analysts' decisions on signals, keyed by signal id; never rewritten");

    public static final Topic<String, FlaggedPermit> FLAGGED_PERMITS = new Topic<>(
            "bibob.flagged-permits", Serdes.String(), FlaggedPermit.class, Retention.ARCHIVE, true,
            FlaggedPermit::getApplicationId, FlaggedPermit::getConfirmedAt,
            "RESTRICTED permit applications approved by two analysts, keyed by application id");

    public static final Topic<String, BibobCaseStep> BIBOB_CASE_STEPS = new Topic<>(
            "bibob.case-steps", Serdes.String(), BibobCaseStep.class, Retention.ARCHIVE, true,
            BibobCaseStep::getApplicationId, BibobCaseStep::getAt,
            "RESTRICTED BIBOB officers' steps on flagged permits (status, notes, outcome), keyed by application id; "
                    + "never rewritten");

    public static final Topic<String, RestrictedContext> RESTRICTED_CONTEXT = new Topic<>(
            "bibob.restricted-context", Serdes.String(), RestrictedContext.class, Retention.COMPACTED, true,
            RestrictedContext::getApplicationId, RestrictedContext::getUpdatedAt,
            "RESTRICTED Bibob context (I12) per application id, for BIBOB officers only");

    public static final Topic<String, AccessEvent> ACCESS_LOG = new Topic<>(
            "review.access-log", Serdes.String(), AccessEvent.class, Retention.ARCHIVE, false,
            AccessEvent::getSignalId, AccessEvent::getAt,
            "every view of and action on a signal, keyed by signal id; never rewritten");

    public static final Topic<String, RulesetEvent> RULESET_CHANGES = new Topic<>(
            "governance.rulesets", Serdes.String(), RulesetEvent.class, Retention.ARCHIVE, false,
            RulesetEvent::getDigest, RulesetEvent::getAt,
            "proposed rulesets and their approvals, keyed by ruleset digest; never rewritten");

    public static final Topic<String, AuditSeal> AUDIT_SEALS = new Topic<>(
            "audit.seals", Serdes.String(), AuditSeal.class, Retention.FOREVER, false,
            s -> s.getTopic() + "-" + s.getPartition(), AuditSeal::getRecordTimestamp,
            "the hash chain over review.decisions and review.access-log, a seal per record, keyed by sealed partition");

    public static final Topic<byte[], DeadLetter> DEAD_LETTERS = new Topic<>(
            "ondermijning.dead-letters", Serdes.ByteArray(), DeadLetter.class, Retention.RAW_EVENTS, false,
            d -> d.getOriginalKey() == null ? null : bytes(d.getOriginalKey()), DeadLetter::getFailedAt,
            "records that could not be processed, with the reason and original bytes");

    public static final Topic<byte[], DeadLetter> BIBOB_DEAD_LETTERS = new Topic<>(
            "bibob.dead-letters", Serdes.ByteArray(), DeadLetter.class, Retention.RAW_EVENTS, true,
            d -> d.getOriginalKey() == null ? null : bytes(d.getOriginalKey()), DeadLetter::getFailedAt,
            "RESTRICTED records the Bibob zone could not process, with the reason and original bytes");

    /** The sources, in the order the generator and the demo load them. */
    public static final List<Topic<String, ? extends org.apache.avro.specific.SpecificRecord>> INPUTS = List.of(
            KVK_BUSINESS_EVENTS, KADASTER_PROPERTY_TRANSFERS, HORECA_PERMIT_EVENTS, BIBOB_CASE_EVENTS,
            KADASTER_MORTGAGES, WOZ_VALUATIONS, BAG_OBJECTS);

    public static final List<Topic<?, ?>> ALL = List.of(
            KVK_BUSINESS_EVENTS, KADASTER_PROPERTY_TRANSFERS, HORECA_PERMIT_EVENTS, BIBOB_CASE_EVENTS,
            KADASTER_MORTGAGES, WOZ_VALUATIONS, BAG_OBJECTS,
            SIGNALS, REVIEW_DECISIONS, FLAGGED_PERMITS, BIBOB_CASE_STEPS, RESTRICTED_CONTEXT, ACCESS_LOG, RULESET_CHANGES, AUDIT_SEALS, DEAD_LETTERS,
            BIBOB_DEAD_LETTERS);

    private Topics() {}

    public static Optional<Topic<?, ?>> byName(final String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
