package nl.barriere.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.ReviewDecision;

/**
 * Every view of and decision on a set of signals, from {@code review.access-log} and {@code review.decisions}, in
 * time order (ties by id, so the order is the same on every read).
 */
final class Timeline {

    /** One line: who did what to which signal, and when. */
    record Entry(Instant at, String signalId, String who, String role, String what, String detail, String id) {

        /** The fields the audit trail and the subject export print for an entry. */
        Map<String, String> fields() {
            // In this order, so two exports of the same trail are the same text.
            final Map<String, String> fields = new LinkedHashMap<>();
            fields.put("at", at.toString());
            fields.put("who", who);
            fields.put("role", role);
            fields.put("what", what);
            fields.put("detail", detail);
            fields.put("id", id);
            return fields;
        }
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::at).thenComparing(Entry::id);

    private Timeline() {}

    static List<Entry> of(final AppConfig config, final Set<String> signalIds) {
        final List<Entry> entries = new ArrayList<>();
        TopicReader.readAll(Topics.REVIEW_DECISIONS, config, (raw, decision) -> {
            if (decision != null && signalIds.contains(decision.getSignalId())) {
                entries.add(entry(decision));
            }
        });
        TopicReader.readAll(Topics.ACCESS_LOG, config, (raw, access) -> {
            if (access != null && signalIds.contains(access.getSignalId())) {
                entries.add(entry(access));
            }
        });
        entries.sort(ORDER);
        return entries;
    }

    static Entry entry(final ReviewDecision decision) {
        return new Entry(decision.getDecidedAt(), decision.getSignalId(), decision.getReviewer(), "analyst",
                "decision " + decision.getAction(), decision.getRationale(), decision.getDecisionId());
    }

    static Entry entry(final AccessEvent access) {
        return new Entry(access.getAt(), access.getSignalId(), access.getUser(), access.getRole(),
                "access " + access.getAction(), access.getDetail() == null ? "" : access.getDetail(), access.getAccessId());
    }
}
