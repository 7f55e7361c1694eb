package com.sttgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureConsole() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreConsole() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void helpPrintsUsageAndReturnsZero() {
    assertThat(SimulatorCommand.run(new String[] {"--help"})).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--admin-port", "--ttl-unit-ms", "--api-key",
        "--iam-token-ttl-s");
  }

  @Test
  void badArgumentsNameTheFlagAndReturnTwo() {
    assertThat(SimulatorCommand.run(new String[] {"--port", "eighty"})).isEqualTo(2);
    assertThat(SimulatorCommand.run(new String[] {"--signature", "md5"})).isEqualTo(2);
    assertThat(SimulatorCommand.run(new String[] {"--colour", "blue"})).isEqualTo(2);
    assertThat(SimulatorCommand.run(new String[] {"--waiting-ms"})).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--port: 'eighty'", "--signature: 'md5'", "--colour: unknown option", "--waiting-ms: missing value");
  }

  @Test
  void parsesEveryFlagOverTheCommandLineDefaults() {
    SimulatorOptions defaults = SimulatorCommand.parse(new String[0]);
    SimulatorOptions parsed = SimulatorCommand.parse(new String[] {"--host", "0.0.0.0", "--port=5000",
        "--admin-port", "5001", "--base-path", "/instances/abc/", "--signature", "sha1", "--waiting-ms", "5",
        "--processing-ms", "6", "--max-bytes", "1000", "--sync-keepalive-ms", "7", "--ttl-unit-ms", "8",
        "--api-key", "k", "--iam-token-ttl-s", "9", "--model-processing-ms", "10", "--model-training-ms", "11"});

    assertThat(defaults.port()).isEqualTo(4000);
    assertThat(defaults.adminPort()).isEqualTo(4001);
    assertThat(defaults.host()).isEqualTo("127.0.0.1");
    assertThat(parsed).isEqualTo(new SimulatorOptions("0.0.0.0", 5000, 5001, "/instances/abc",
        SignatureAlgorithm.SHA1, Duration.ofMillis(5), Duration.ofMillis(6), 100, 1000, Duration.ofMillis(7),
        Duration.ofMillis(8), "k", Duration.ofSeconds(9), CustomizationOptions.defaults()
            .withResourceProcessing(Duration.ofMillis(10)).withTraining(Duration.ofMillis(11))));
    assertThat(parsed.toString()).doesNotContain("k]").contains("<redacted>");
    assertThatThrownBy(() -> SimulatorCommand.parse(new String[] {"--ttl-unit-ms", "0"}))
        .hasMessageStartingWith("--ttl-unit-ms:");
    assertThat(defaults.iamTokenTtl()).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> SimulatorCommand.parse(new String[] {"--iam-token-ttl-s", "0"}))
        .hasMessageStartingWith("--iam-token-ttl-s:");
  }
}
