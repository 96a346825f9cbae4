package nl.barriere.connect.bag;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.Source;

/**
 * The BAG API's answers read into a {@link BagObject}: the verblijfsobject ({@code GET /verblijfsobjecten/{id}}),
 * the objects of its panden ({@code GET /verblijfsobjecten?pandIdentificatie=}) and its main address ({@code GET
 * /adressen?adresseerbaarObjectIdentificatie=}). Anything the document requires and the answer lacks, or gives in
 * another shape, is a {@link MalformedResponseException} naming the field.
 *
 * <p>The version's own time ({@link Verblijfsobject#occurredAt}): its [voorkomen] {@code beginGeldigheid} (a date:
 * 00:00 UTC of it, as the KvK connector reads a date), or its {@code tijdstipRegistratie} when that is later: a
 * change registered after the date it is valid from reaches nobody before it is registered. The record is dated by
 * {@link BagLookupTask}, which weighs it against the record that asked for the lookup. eventId:
 * {@code bag-<vbo>-<versie>}; source: {@code bag-individuele-bevragingen}, {@code <vbo>:<versie>}.
 */
final class BagObjects {

    static final String SYSTEM = "bag-individuele-bevragingen";
    static final String VBO_ID = "\\d{4}01\\d{10}";
    static final String PAND_ID = "\\d{4}10\\d{10}";

    /** A verblijfsobject as one version [voorkomen] of it describes it. */
    record Verblijfsobject(String id, long version, Instant occurredAt, String status, List<BagPurpose> purposes,
                           Integer floorArea, List<String> buildingIds, String mainAddressId) {
        String eventId() {
            return BagObjects.eventId(id, version);
        }
    }

    /** The main address, for display only. */
    record Address(String street, String houseNumber, String postcode, String city) {}

    private static final ZoneId NETHERLANDS = ZoneId.of("Europe/Amsterdam");

    private BagObjects() {}

    static String eventId(final String vbo, final long version) {
        return "bag-" + vbo + "-" + version;
    }

    /** The answer of {@code GET /verblijfsobjecten/{vbo}}. */
    static Verblijfsobject verblijfsobject(final String vbo, final JsonNode answer) {
        final JsonNode object = answer.path("verblijfsobject");
        if (!object.isObject()) {
            throw new MalformedResponseException("the answer for verblijfsobject " + vbo + " has no verblijfsobject");
        }
        if (!vbo.equals(object.path("identificatie").asText())) {
            throw new MalformedResponseException("the answer for verblijfsobject " + vbo + " describes another object: "
                    + "verblijfsobject.identificatie is " + object.path("identificatie"));
        }
        final JsonNode voorkomen = object.path("voorkomen");
        final JsonNode version = voorkomen.path("versie");
        if (!version.isIntegralNumber()) {
            throw new MalformedResponseException("verblijfsobject " + vbo + " has no voorkomen.versie (an integer)");
        }
        final Instant valid = date(voorkomen.path("beginGeldigheid"), vbo, "voorkomen.beginGeldigheid")
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        final Instant registered = dateTime(voorkomen.path("tijdstipRegistratie"), vbo, "voorkomen.tijdstipRegistratie");
        final String status = object.path("status").asText("");
        if (status.isBlank()) {
            throw new MalformedResponseException("verblijfsobject " + vbo + " has no status");
        }
        final Set<BagPurpose> purposes = new LinkedHashSet<>();
        for (final JsonNode purpose : object.path("gebruiksdoelen")) {
            purposes.add(purpose(purpose.asText(""), vbo));
        }
        if (purposes.isEmpty()) {
            throw new MalformedResponseException("verblijfsobject " + vbo + " has no gebruiksdoelen");
        }
        final JsonNode area = object.path("oppervlakte");
        if (!area.isMissingNode() && !(area.isIntegralNumber() && area.canConvertToInt() && area.asInt() > 0)) {
            throw new MalformedResponseException("verblijfsobject " + vbo + " has an oppervlakte that is not a whole"
                    + " number of m²");
        }
        final List<String> buildings = new ArrayList<>();
        for (final JsonNode pand : object.path("maaktDeelUitVan")) {
            if (!pand.asText("").matches(PAND_ID)) {
                throw new MalformedResponseException("verblijfsobject " + vbo + " lies in a pand whose identificatie"
                        + " is not 16 digits with type 10: maaktDeelUitVan holds " + pand);
            }
            if (!buildings.contains(pand.asText())) {
                buildings.add(pand.asText());
            }
        }
        if (buildings.isEmpty()) {
            throw new MalformedResponseException("verblijfsobject " + vbo + " lies in no pand (maaktDeelUitVan)");
        }
        final String main = object.path("heeftAlsHoofdAdres").asText(null);
        return new Verblijfsobject(vbo, version.asLong(), registered.isAfter(valid) ? registered : valid, status,
                List.copyOf(purposes), area.isMissingNode() ? null : area.asInt(), List.copyOf(buildings), main);
    }

    /** BAG's spelling of a gebruiksdoel ("overige gebruiksfunctie") as the contract's symbol. */
    static BagPurpose purpose(final String gebruiksdoel, final String vbo) {
        try {
            return BagPurpose.valueOf(gebruiksdoel.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
        } catch (final IllegalArgumentException e) {
            throw new MalformedResponseException("verblijfsobject " + vbo + " has a gebruiksdoel BAG does not define: "
                    + gebruiksdoel);
        }
    }

    /**
     * The identificaties on one page of {@code GET /verblijfsobjecten?pandIdentificatie=}; an answer without the
     * collection is malformed, an empty collection is not.
     */
    static List<String> objectIds(final JsonNode page, final String pand) {
        final JsonNode embedded = page.path("_embedded");
        final JsonNode objects = embedded.path("verblijfsobjecten");
        if (!page.isObject() || !(embedded.isMissingNode() || embedded.isObject())
                || !(objects.isMissingNode() || objects.isArray())) {
            throw new MalformedResponseException("the answer for the objects of pand " + pand + " has no"
                    + " _embedded.verblijfsobjecten list");
        }
        final List<String> ids = new ArrayList<>();
        for (final JsonNode object : objects) {
            final String id = object.path("verblijfsobject").path("identificatie").asText("");
            if (!id.matches(VBO_ID)) {
                throw new MalformedResponseException("an object of pand " + pand + " has no verblijfsobject"
                        + " identificatie of 16 digits with type 01");
            }
            ids.add(id);
        }
        return ids;
    }

    /**
     * The main address among the answer of {@code GET /adressen?adresseerbaarObjectIdentificatie=}: the one whose
     * nummeraanduiding is the object's hoofdadres, else the one not marked as a nevenadres; null when there is none.
     */
    static Address mainAddress(final JsonNode answer, final Verblijfsobject object) {
        JsonNode chosen = null;
        for (final JsonNode adres : answer.path("_embedded").path("adressen")) {
            if (adres.path("nummeraanduidingIdentificatie").asText("").equals(object.mainAddressId())) {
                chosen = adres;
                break;
            }
            if (chosen == null && !adres.path("indicatieNevenadres").asBoolean(false)) {
                chosen = adres;
            }
        }
        if (chosen == null) {
            return null;
        }
        final JsonNode number = chosen.path("huisnummer");
        final String street = chosen.path("openbareRuimteNaam").asText("");
        final String city = chosen.path("woonplaatsNaam").asText("");
        if (!number.isIntegralNumber() || street.isBlank() || city.isBlank()) {
            throw new MalformedResponseException("the main address of verblijfsobject " + object.id() + " lacks"
                    + " openbareRuimteNaam, huisnummer or woonplaatsNaam");
        }
        final String letter = chosen.path("huisletter").asText("");
        final String addition = chosen.path("huisnummertoevoeging").asText("");
        return new Address(street, number.asText() + letter + (addition.isEmpty() ? "" : "-" + addition),
                chosen.path("postcode").asText(null), city);
    }

    /**
     * The record of one version, dated at {@code occurredAt} (see {@link BagLookupTask}: not the version's own time,
     * which may lie years back). Which version it is stays in the eventId and the source reference.
     */
    static BagObject bagObject(final Verblijfsobject object, final Address address, final int objectsInBuilding,
                               final Instant occurredAt) {
        return BagObject.newBuilder()
                .setEventId(object.eventId())
                .setOccurredAt(occurredAt)
                .setSource(new Source(SYSTEM, object.id() + ":" + object.version()))
                .setBagVboId(object.id())
                .setStatus(object.status())
                .setPurposes(object.purposes())
                .setFloorArea(object.floorArea())
                .setBuildingIds(object.buildingIds())
                .setObjectsInBuilding(objectsInBuilding)
                .setStreet(address == null ? null : address.street())
                .setHouseNumber(address == null ? null : address.houseNumber())
                .setPostcode(address == null ? null : address.postcode())
                .setCity(address == null ? null : address.city())
                .build();
    }

    private static LocalDate date(final JsonNode node, final String vbo, final String field) {
        try {
            return LocalDate.parse(node.asText(""));
        } catch (final DateTimeParseException e) {
            throw new MalformedResponseException("verblijfsobject " + vbo + " has no valid " + field
                    + " (a date such as 2019-06-01)");
        }
    }

    /** A date-time with its offset; one without is read as Dutch local time. */
    private static Instant dateTime(final JsonNode node, final String vbo, final String field) {
        final String text = node.asText("");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (final DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(NETHERLANDS).toInstant();
            } catch (final DateTimeParseException e) {
                throw new MalformedResponseException("verblijfsobject " + vbo + " has no valid " + field
                        + " (a date-time such as 2019-06-01T10:15:00+02:00)");
            }
        }
    }
}
