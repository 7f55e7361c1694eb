package com.sttgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The 5xx window, on a clock the test controls. */
class ServerErrorBurstTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void countsOnlyServerErrorsWithinTheWindow() {
    ServerErrorBurst burst = new ServerErrorBurst(Duration.ofSeconds(10), 100);

    burst.add(0);
    burst.add(5 * SECOND);
    assertThat(burst.add(10 * SECOND)).isEqualTo(3);
    assertThat(burst.add(11 * SECOND)).as("the one at 0 s is older than 10 s").isEqualTo(3);
    assertThat(burst.add(30 * SECOND)).isEqualTo(1);
  }

  @Test
  void holdsNoMoreThanTheCountThatTripsIt() {
    ServerErrorBurst burst = new ServerErrorBurst(Duration.ofSeconds(10), 3);

    for (int i = 0; i < 1000; i++) {
      burst.add(i);
    }

    assertThat(burst.size()).isEqualTo(3);
  }
}
