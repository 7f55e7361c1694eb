package com.sttgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing training run that {@code mvn package} makes (pom.xml, "cds-training"): the gateway starts
 * on the built-in defaults whatever the settings file and environment say (a busy port, an unreachable external
 * store), stops, exits 0 and leaves nothing in the temporary folder. The archive itself is the JVM's: the build
 * writes it from this run (the test's class path is folders, which the JVM does not archive).
 */
class CdsTrainingTest {

  @TempDir Path dir;

  @Test
  void theTrainingRunStartsOnTheDefaultsStopsAndLeavesNothingBehind() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(work.resolve("conf"));
    Files.writeString(work.resolve("conf/gateway.json"), "{ \"server\": { \"port\": \"not a port\" } }");
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Map<String, String> env = Map.of("GATEWAY_PORT", String.valueOf(busy.getLocalPort()),
          "GATEWAY_OBJECT_STORE_ENDPOINT", "http://127.0.0.1:1", "GATEWAY_DATA_DIR", dir.resolve("data").toString());
      try (GatewayProcess training = GatewayProcess.startMain(work, env,
          List.of("-Dgateway.cdsTraining=true", "-Djava.io.tmpdir=" + tmp), Main.class.getName(), "serve")) {
        assertThat(training.exitCode()).as(training.stderr()).isZero();
        assertThat(training.stderr()).contains("gateway listening on http://127.0.0.1:");
        assertThat(training.stdout()).contains("port=0").doesNotContain("http://127.0.0.1:1,");
      }
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("gateway-cds-training"))).isEmpty();
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }
}
