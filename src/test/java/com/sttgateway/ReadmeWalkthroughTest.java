package com.sttgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "See it recover in one minute" block, read from the README and run by bash as written, against a
 * gateway started as its first command starts it (built-in defaults: the embedded demo simulator, object store and
 * Hazelcast member). Only what would collide on a shared machine is moved: the three ports the block names
 * (8080, 4001, and the ops default 9090) become free ones, and {@code java -jar target/...jar} runs the build's
 * classes (the jar is packaged after the tests).
 */
class ReadmeWalkthroughTest {

  private static final Pattern BLOCK = Pattern.compile("<!-- walkthrough[^>]*-->\\s*```sh\\n(.*?)```\\s*"
      + "<!-- /walkthrough -->", Pattern.DOTALL);
  private static final String JAR = "java -jar target/stt-recovery-gateway.jar";

  @TempDir Path dir;

  @Test
  void theWalkthroughBringsTheLostJobBackUnderItsId() throws Exception {
    String block = walkthrough();
    int port = freePort();
    int admin = freePort();
    int simAdmin = freePort();
    Map<String, String> env = Map.of("GATEWAY_PORT", String.valueOf(port),
        "GATEWAY_ADMIN_PORT", String.valueOf(admin), "GATEWAY_SIMULATOR_ADMIN_PORT", String.valueOf(simAdmin),
        "GATEWAY_CLUSTER_PORT", String.valueOf(freePort()), "GATEWAY_DATA_DIR", dir.resolve("data").toString(),
        "GATEWAY_CLUSTER_NAME", "walkthrough-" + UUID.randomUUID());
    try (GatewayProcess gateway = GatewayProcess.start(dir, env)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> gateway.stderr().contains("gateway listening on")
          || !gateway.alive());
      assertThat(gateway.stderr()).contains("fault controls: http://127.0.0.1:" + simAdmin + "/__sim");
      String script = block.replace("localhost:8080", "localhost:" + port)
          .replace("localhost:4001", "localhost:" + simAdmin).replace(JAR, quoted(GatewayProcess.command()));
      String output = bash(script, "http://127.0.0.1:" + admin);

      Matcher job = Pattern.compile("(?m)^job ([0-9a-f-]{36})$").matcher(output);
      assertThat(job.find()).as(output).isTrue();
      String id = job.group(1);
      assertThat(output).contains("\"wiped\":true");
      assertThat(output).contains("{\"id\":\"" + id + "\",\"status\":\"waiting\"");
      assertThat(output).containsPattern("(?m)^id\\s+" + id + "$");
      assertThat(output).containsPattern("(?m)^\\S+\\s+lost\\s+-\\s+404 for " + id);
      Matcher resubmitted = Pattern.compile("(?m)^\\S+\\s+resubmitted\\s+-\\s+upstream accepted as ([0-9a-f-]{36})$")
          .matcher(output);
      assertThat(resubmitted.find()).as(output).isTrue();
      assertThat(resubmitted.group(1)).as("the new upstream job").isNotEqualTo(id);
      assertThat(output).containsPattern("(?m)^unfinished jobs\\s+1$").containsPattern("(?m)^upstream\\s+UP");
    }
  }

  /** The block between the walkthrough markers; it must name the ports and the jar the test moves. */
  private static String walkthrough() throws Exception {
    Matcher m = BLOCK.matcher(Files.readString(Path.of("README.md")));
    assertThat(m.find()).as("the README's walkthrough block").isTrue();
    String block = m.group(1);
    assertThat(block).contains("localhost:8080", "localhost:4001", JAR + " ops");
    return block;
  }

  private String bash(String script, String adminUrl) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
        .directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
    builder.environment().put("GATEWAY_ADMIN_URL", adminUrl);
    Process bash = builder.start();
    assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as("the walkthrough ends").isTrue();
    String output = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.exitValue()).as(output).isZero();
    return output;
  }

  private static String quoted(List<String> words) {
    return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
