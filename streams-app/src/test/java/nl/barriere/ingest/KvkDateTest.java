package nl.barriere.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KvkDateTest {

    @Test
    void aFullDateIsThatDay() {
        // Given / When / Then
        assertThat(KvkDate.parse("20150617")).contains(LocalDate.of(2015, 6, 17));
        assertThat(KvkDate.isPartial("20150617")).isFalse();
    }

    @Test
    void anUnknownDayIsTheFirstOfTheMonth() {
        // Given / When / Then
        assertThat(KvkDate.parse("20150600")).contains(LocalDate.of(2015, 6, 1));
        assertThat(KvkDate.isPartial("20150600")).isTrue();
    }

    @Test
    void anUnknownMonthAndDayIsTheFirstOfJanuary() {
        // Given / When / Then
        assertThat(KvkDate.parse("20150000")).contains(LocalDate.of(2015, 1, 1));
        assertThat(KvkDate.isPartial("20150000")).isTrue();
    }

    @Test
    void aLeapDayExistsOnlyInALeapYear() {
        // Given / When / Then
        assertThat(KvkDate.parse("20240229")).contains(LocalDate.of(2024, 2, 29));
        assertThat(KvkDate.parse("20230229")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "        ", // blank
        "2015061", // 7 digits
        "201506170", // 9 digits
        "2015-06-", // not digits
        "00000000", // year 0000
        "00001231", // year 0000 with a day
        "20150231", // no such day
        "20151300", // no such month
        "20150015" // a known day in an unknown month
    })
    void anythingElseIsNoDate(final String raw) {
        // Given / When / Then
        assertThat(KvkDate.parse(raw)).isEmpty();
        assertThat(KvkDate.isPartial(raw)).isFalse();
    }
}
