package com.sttgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway started as the jar starts it, in its own JVM, against a simulator started separately (a real
 * upstream URL, so no demo warning): a busy port stops it with a message naming the port and its setting, and a
 * clean start logs no WARNING.
 */
@ExtendWith(VertxExtension.class)
class StartupMessagesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern LISTENING = Pattern.compile("gateway listening on \\S+:(\\d+) .*admin on \\S+:(\\d+)");

  @TempDir Path dir;

  @Test
  void aBusyClientPortStopsTheStartNamingThePortAndServerPort(Vertx vertx) throws Exception {
    Simulator sim = Simulator.start(vertx, SimulatorOptions.defaults()).await();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = busy.getLocalPort();
      try (GatewayProcess p = GatewayProcess.start(dir, env(sim, Map.of("GATEWAY_PORT", String.valueOf(port))))) {
        assertThat(p.exitCode()).isNotZero();
        assertThat(p.stderr()).contains("gateway failed to start: server.port " + port + " is in use");
      }
    } finally {
      sim.close().await();
    }
  }

  /** Run with logging.format=json: every log line on stderr is one JSON object, the failure is still named. */
  @Test
  void aBusyAdminPortStopsTheStartNamingAdminPortAndJsonLogsAreOneObjectALine(Vertx vertx) throws Exception {
    Simulator sim = Simulator.start(vertx, SimulatorOptions.defaults()).await();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = busy.getLocalPort();
      try (GatewayProcess p = GatewayProcess.start(dir, env(sim, Map.of("GATEWAY_ADMIN_PORT",
          String.valueOf(port), "GATEWAY_LOG_FORMAT", "json")))) {
        assertThat(p.exitCode()).isNotZero();
        assertThat(p.stderr()).contains("gateway failed to start: admin.port " + port + " is in use");
        List<String> logLines = p.stderr().lines().filter(l -> !l.startsWith("gateway failed to start")).toList();
        assertThat(logLines).isNotEmpty().allSatisfy(line -> assertThat(new JsonObject(line).fieldNames())
            .contains("time", "level", "logger", "message"));
        assertThat(logLines).anySatisfy(line -> assertThat(new JsonObject(line).getString("message"))
            .startsWith("hazelcast member up"));
      }
    } finally {
      sim.close().await();
    }
  }

  /**
   * Probes every 100 ms and client calls through the gateway: Vert.x's gauges are registered again at every
   * request, which made Micrometer warn once per start; the log must hold no WARNING (nor SEVERE) line.
   */
  @Test
  void aCleanStartAgainstARealUpstreamLogsNoWarning(Vertx vertx) throws Exception {
    Simulator sim = Simulator.start(vertx, SimulatorOptions.defaults()).await();
    try (GatewayProcess p = GatewayProcess.start(dir, env(sim, Map.of("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS",
        "100")))) {
      Matcher ports = await().atMost(Duration.ofSeconds(60)).until(() -> LISTENING.matcher(p.stderr()),
          Matcher::find);
      String client = "http://127.0.0.1:" + ports.group(1);
      String admin = "http://127.0.0.1:" + ports.group(2);
      for (int i = 0; i < 3; i++) {
        assertThat(get(client + "/v1/models", TestGateway.AUTH).statusCode()).isEqualTo(200);
      }
      // At least ten upstream requests (probes included) made: every re-registration has happened by then.
      await().atMost(Duration.ofSeconds(30)).until(() -> upstreamRequests(admin) >= 10);
      p.close();
      assertThat(p.stderr()).as("the gateway's log").doesNotContain("WARNING").doesNotContain("SEVERE")
          .contains("gateway listening on");
    } finally {
      sim.close().await();
    }
  }

  private Map<String, String> env(Simulator sim, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("GATEWAY_HOST", "127.0.0.1");
    env.put("GATEWAY_PORT", "0");
    env.put("GATEWAY_ADMIN_PORT", "0");
    env.put("GATEWAY_DATA_DIR", dir.resolve("data").toString());
    env.put("GATEWAY_CLUSTER_NAME", "test-" + UUID.randomUUID());
    // A free member port: on 5701, taken by another member on this machine, Hazelcast warns as it moves on.
    env.put("GATEWAY_CLUSTER_PORT", String.valueOf(freePort()));
    env.put("GATEWAY_UPSTREAM_URL", sim.baseUrl());
    env.putAll(extra);
    return env;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The sum of vertx_http_client_requests_total on /metrics. */
  private static double upstreamRequests(String admin) throws Exception {
    double sum = 0;
    for (String line : get(admin + "/metrics", null).body().split("\n")) {
      if (line.startsWith("vertx_http_client_requests_total")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static HttpResponse<String> get(String url, String auth) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
