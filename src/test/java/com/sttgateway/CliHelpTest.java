package com.sttgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's command line as an operator meets it, each case in its own JVM: help, and unknown flags. */
class CliHelpTest {

  @TempDir Path dir;

  @Test
  void helpAtTheTopLevelListsEveryCommandAndExitsZero() throws Exception {
    for (String help : new String[] {"--help", "help", "-h"}) {
      try (GatewayProcess p = GatewayProcess.start(dir, Map.of(), help)) {
        assertThat(p.exitCode()).as(help).isZero();
        assertThat(p.stdout()).as(help)
            .containsPattern("(?m)^\\s+serve\\s+run the gateway")
            .containsPattern("(?m)^\\s+simulator\\s+run the bundled")
            .containsPattern("(?m)^\\s+ops\\s+the operator's client");
        assertThat(p.stderr()).as(help).doesNotContain("config error");
      }
    }
  }

  @Test
  void everyCommandAnswersHelp() throws Exception {
    Map<String, String> expected = Map.of("serve", "--config FILE", "simulator", "--admin-port N",
        "ops", "replay ID");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      try (GatewayProcess p = GatewayProcess.start(dir, Map.of(), e.getKey(), "--help")) {
        assertThat(p.exitCode()).as(e.getKey()).isZero();
        assertThat(p.stdout()).as(e.getKey()).contains("usage").contains(e.getValue());
      }
    }
  }

  @Test
  void anUnknownFlagNamesItselfAndTheRightUsage() throws Exception {
    String[][] cases = {{"serve", "--bogus"}, {"--bogus"}, {"simulator", "--bogus", "1"}, {"ops", "status", "--bogus"}};
    String[] usage = {"[serve] [--config FILE]", "[serve] [--config FILE]", "--admin-port N", "ops COMMAND"};
    for (int i = 0; i < cases.length; i++) {
      try (GatewayProcess p = GatewayProcess.start(dir, Map.of(), cases[i])) {
        String what = String.join(" ", cases[i]);
        assertThat(p.exitCode()).as(what).isEqualTo(2);
        assertThat(p.stderr()).as(what).contains("--bogus").contains(usage[i]);
      }
    }
  }
}
