package nl.barriere.connect.woz;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.connect.http.MalformedResponseException;

/**
 * The value of a WOZ object per valuation date [waardepeildatum], out of the {@code waarden} WOZ Bevragen lists,
 * by the rule of its {@code features/waarden.feature}: the API lists every current beschikking, so one valuation
 * date can have several (a new owner's beschikking, a reduction after an objection); the one with the latest
 * {@code ingangsdatum} counts, and a waarde whose statuses are all {@code beschikking_vernietigd} (annulled) does
 * not. Through the BevragenProxy, which applies the same rule and removes {@code ingangsdatum} and the statuses,
 * there is one waarde per date and it is taken as it is.
 */
final class WozValues {

    /** A value [vastgestelde waarde] in whole euros, determined for a valuation date. */
    record Valuation(LocalDate valuationDate, long value) {}

    private record Waarde(LocalDate valuationDate, LocalDate from, long value, boolean annulled) {}

    private WozValues() {}

    /** One valuation per valuation date, the latest date first. */
    static List<Valuation> relevant(final JsonNode waarden) {
        final List<Waarde> all = new ArrayList<>();
        for (final JsonNode waarde : waarden) {
            all.add(waarde(waarde));
        }
        all.sort(Comparator.comparing(Waarde::valuationDate).thenComparing(Waarde::from).reversed());
        final Map<LocalDate, Valuation> relevant = new LinkedHashMap<>();
        for (final Waarde waarde : all) {
            if (!waarde.annulled()) {
                relevant.putIfAbsent(waarde.valuationDate(), new Valuation(waarde.valuationDate(), waarde.value()));
            }
        }
        return List.copyOf(relevant.values());
    }

    private static Waarde waarde(final JsonNode waarde) {
        final JsonNode value = waarde.path("vastgesteldeWaarde");
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new MalformedResponseException("a waarde has no vastgesteldeWaarde in whole euros");
        }
        final LocalDate valuationDate = date(waarde.path("waardepeildatum"), "waardepeildatum");
        final LocalDate from = waarde.has("ingangsdatum") ? date(waarde.path("ingangsdatum"), "ingangsdatum")
                : LocalDate.MIN;
        boolean annulled = !waarde.path("beschikkingsStatussen").isEmpty();
        for (final JsonNode status : waarde.path("beschikkingsStatussen")) {
            annulled &= "beschikking_vernietigd".equals(status.asText());
        }
        return new Waarde(valuationDate, from, value.asLong(), annulled);
    }

    private static LocalDate date(final JsonNode node, final String field) {
        try {
            return LocalDate.parse(node.asText(""));
        } catch (final DateTimeParseException e) {
            throw new MalformedResponseException("a waarde has no valid " + field + " (a date such as 2023-01-01)");
        }
    }
}
