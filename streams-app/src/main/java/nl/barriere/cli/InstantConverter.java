package nl.barriere.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A moment on the command line: an ISO-8601 instant ({@code 2024-03-01T09:30:00Z}) or a date (midnight UTC). */
final class InstantConverter implements ITypeConverter<Instant> {

    /** The end of an open period. */
    static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    @Override
    public Instant convert(final String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a date (2024-03-01) or an instant (2024-03-01T09:30:00Z)");
        }
    }
}
