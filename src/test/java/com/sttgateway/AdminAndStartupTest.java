package com.sttgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Health on the admin port, refusing unsafe settings, and the jar's behaviour on a bad configuration. */
@ExtendWith(VertxExtension.class)
class AdminAndStartupTest {

  @TempDir Path dataDir;

  @Test
  void readinessCoversStoreAndMemberButOnlyReportsTheUpstream(Vertx vertx) {
    try (TestGateway env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(),
        Map.of("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "50"))) {
      WebClient web = WebClient.create(vertx);
      assertThat(web.getAbs(env.adminUrl() + "/health/live").send().await().statusCode()).isEqualTo(200);

      HttpResponse<?> ready = web.getAbs(env.adminUrl() + "/health/ready").send().await();
      JsonObject checks = ready.bodyAsJsonObject().getJsonObject("checks");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(checks.getString("objectStore")).isEqualTo("UP");
      assertThat(checks.getString("hazelcast")).isEqualTo("UP");
      assertThat(checks.getJsonObject("upstream").getString("state")).isEqualTo("UP");

      env.simulator.goDown(DownMode.REFUSE).await();
      await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
      HttpResponse<?> upstreamDown = web.getAbs(env.adminUrl() + "/health/ready").send().await();
      assertThat(upstreamDown.statusCode()).isEqualTo(200);
      assertThat(upstreamDown.bodyAsJsonObject().getJsonObject("checks").getJsonObject("upstream")
          .getString("state")).isEqualTo("DOWN");
    }
  }

  @Test
  void refusesToExposeTheAdminPortWithoutAToken(Vertx vertx) {
    var config = TestGateway.config(dataDir, Map.of("GATEWAY_ADMIN_HOST", "0.0.0.0",
        "GATEWAY_UPSTREAM_URL", "http://127.0.0.1:9"));
    assertThatThrownBy(() -> Gateway.start(vertx, config).await())
        .hasMessageContaining("admin.token (GATEWAY_OPS_TOKEN) must be set");
  }

  @Test
  void theJarExitsNonZeroNamingTheBadSetting() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "com.sttgateway.Main", "serve"));
    pb.environment().put("GATEWAY_UPSTREAM_URL", "not a url");
    pb.redirectErrorStream(true).directory(new File("."));
    Process process = pb.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("config error: upstream.url: 'not a url' (expected: an http(s) URL");
  }
}
