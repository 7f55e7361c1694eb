package com.sttgateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JobRecord#sortable}: exactly what the ISO pattern with nine fraction digits prints, in time order. */
class SortableTimeTest {

  private static final DateTimeFormatter PATTERN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void itPrintsWhatThePatternPrintsAndReadsBackAsTheSameInstant() {
    Random random = new Random(42);
    List<Instant> fixed = List.of(Instant.EPOCH, Instant.parse("2026-12-02T08:45:05Z"),
        Instant.parse("1999-12-31T23:59:59.999999999Z"), Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.000000001Z"), Instant.parse("-0001-06-01T00:00:00Z"),
        Instant.parse("+10000-01-01T00:00:00Z"));
    for (Instant at : fixed) {
      assertThat(JobRecord.sortable(at)).isEqualTo(PATTERN.format(at));
    }
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    String previous = null;
    Instant previousAt = null;
    for (int i = 0; i < 20_000; i++) {
      Instant at = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
          random.nextInt(1_000_000_000));
      String s = JobRecord.sortable(at);
      assertThat(s).isEqualTo(PATTERN.format(at));
      assertThat(Instant.parse(s)).isEqualTo(at);
      if (previous != null) {
        assertThat(Integer.signum(s.compareTo(previous))).isEqualTo(Integer.signum(at.compareTo(previousAt)));
      }
      previous = s;
      previousAt = at;
    }
  }
}
