package nl.barriere.connect.kvk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import nl.barriere.connect.http.MalformedResponseException;

/**
 * What the connector remembers of one registration: exactly the fields a BusinessEvent carries, so a change in any
 * other field of the profile makes no event. Officers are kept with their identifier as the register gives it (the
 * state file is encrypted); their names and birth dates are never read.
 */
record Profile(String kvkNumber, String legalForm, List<String> sbiCodes, String startDate, String endDate,
               Address address, List<Officer> officers) {

    record Address(String bagVboId, String postcode, String houseNumber) {}

    /** {@code person}: the identifier of a natural person; {@code kvkNumber}: of a legal entity as officer. */
    record Officer(String person, String kvkNumber, String role) {
        String identity() {
            return (person != null ? "p:" + person : "k:" + kvkNumber) + "|" + role;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** From a Basisprofiel (with geoData) and, when followed, the officers answer. */
    static Profile of(final JsonNode basisprofiel, final JsonNode officersAnswer) {
        final String kvk = text(basisprofiel, "kvkNummer");
        if (kvk == null || !kvk.matches("[0-9]{8}")) {
            throw new MalformedResponseException("Basisprofiel without a valid kvkNummer");
        }
        final JsonNode embedded = basisprofiel.path("_embedded");
        final List<String> sbi = new ArrayList<>();
        basisprofiel.path("sbiActiviteiten").forEach(a -> {
            final String code = text(a, "sbiCode");
            if (code != null) {
                if ("Ja".equalsIgnoreCase(text(a, "indHoofdactiviteit"))) {
                    sbi.add(0, code);
                } else {
                    sbi.add(code);
                }
            }
        });
        return new Profile(kvk, legalForm(text(embedded.path("eigenaar"), "rechtsvorm")), List.copyOf(sbi),
                text(basisprofiel.path("materieleRegistratie"), "datumAanvang"),
                text(basisprofiel.path("materieleRegistratie"), "datumEinde"),
                address(embedded.path("hoofdvestiging")), officers(officersAnswer));
    }

    private static Address address(final JsonNode vestiging) {
        JsonNode chosen = null;
        for (final JsonNode a : vestiging.path("adressen")) {
            if (text(a.path("geoData"), "addresseerbaarObjectId") != null
                    && (chosen == null || "bezoekadres".equalsIgnoreCase(text(a, "type")))) {
                chosen = a;
            }
        }
        if (chosen == null) {
            return null;
        }
        final String number = chosen.hasNonNull("huisnummer") ? chosen.get("huisnummer").asText()
                + nonNull(text(chosen, "huisletter")) + suffix(text(chosen, "huisnummerToevoeging")) : null;
        return new Address(text(chosen.path("geoData"), "addresseerbaarObjectId"), text(chosen, "postcode"), number);
    }

    private static List<Officer> officers(final JsonNode answer) {
        if (answer == null) {
            return List.of();
        }
        if (!answer.path("functionarissen").isArray()) {
            throw new MalformedResponseException("officers answer without a functionarissen list");
        }
        final List<Officer> officers = new ArrayList<>();
        for (final JsonNode f : answer.get("functionarissen")) {
            final String person = text(f, "persoonId");
            final String kvk = text(f, "kvkNummer");
            if (person == null && kvk == null) {
                throw new MalformedResponseException("an officer without persoonId or kvkNummer");
            }
            officers.add(new Officer(person == null ? null : person.strip(), kvk, role(text(f, "functie"))));
        }
        officers.sort(Comparator.comparing(Officer::identity));
        return List.copyOf(officers);
    }

    static String legalForm(final String rechtsvorm) {
        if (rechtsvorm == null) {
            return null;
        }
        final String r = rechtsvorm.toLowerCase(Locale.ROOT);
        if (r.contains("eenmanszaak")) {
            return "EENMANSZAAK";
        } else if (r.contains("besloten vennootschap")) {
            return "BV";
        } else if (r.contains("naamloze vennootschap")) {
            return "NV";
        } else if (r.contains("vennootschap onder firma")) {
            return "VOF";
        } else if (r.contains("commanditaire vennootschap")) {
            return "CV";
        } else if (r.contains("maatschap")) {
            return "MAATSCHAP";
        } else if (r.contains("stichting")) {
            return "STICHTING";
        } else if (r.contains("vereniging")) {
            return "VERENIGING";
        } else if (r.contains("co\u00f6peratie") || r.contains("cooperatie")) {
            return "COOPERATIE";
        } else if (r.contains("buitenlandse")) {
            return "BUITENLANDSE_RECHTSPERSOON";
        }
        return "OTHER";
    }

    static String role(final String functie) {
        final String f = functie == null ? "" : functie.toLowerCase(Locale.ROOT);
        if (f.contains("commissaris")) {
            return "SUPERVISORY_BOARD";
        } else if (f.contains("bestuurder")) {
            return "DIRECTOR";
        } else if (f.contains("eigenaar")) {
            return "OWNER";
        } else if (f.contains("vennoot")) {
            return "PARTNER";
        } else if (f.contains("gevolmachtigde")) {
            return "PROXY_HOLDER";
        }
        return "OTHER";
    }

    /** The same profile with the officers kept from before (a deregistration does not fetch them again). */
    Profile withOfficers(final List<Officer> kept) {
        return new Profile(kvkNumber, legalForm, sbiCodes, startDate, endDate, address, kept);
    }

    String toJson() {
        return JSON.valueToTree(this).toString();
    }

    static Profile fromJson(final String json) {
        try {
            return JSON.readValue(json, Profile.class);
        } catch (final java.io.IOException e) {
            throw new IllegalStateException("unreadable state of a registration", e);
        }
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static String nonNull(final String s) {
        return s == null ? "" : s;
    }

    private static String suffix(final String s) {
        return s == null ? "" : "-" + s;
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
