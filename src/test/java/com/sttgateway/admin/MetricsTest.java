package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics on a gateway whose Vertx reports its HTTP metrics, as {@code serve} runs it. */
class MetricsTest {

  @TempDir Path dataDir;
  private Vertx vertx;
  private Simulator simulator;
  private Gateway gateway;
  private WebClient web;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close().await();
    }
    if (simulator != null) {
      simulator.close().await();
    }
    if (web != null) {
      web.close();
    }
    vertx.close().await();
  }

  @Test
  void exposesVertxHttpMetricsAndTheJournalInPrometheusFormat() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = GatewayMetrics.vertxWithMetrics(registry);
    simulator = Simulator.start(vertx, SimulatorOptions.defaults().withWaiting(Duration.ofSeconds(30))).await();
    Map<String, String> env = new HashMap<>(OpsClient.FAST);
    env.put("GATEWAY_UPSTREAM_URL", simulator.baseUrl());
    gateway = Gateway.start(vertx, TestGateway.config(dataDir, env), new GatewayMetrics(registry)).await();
    web = WebClient.create(vertx);

    long bytes = submit(1000) + submit(2000);
    simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.health().state() == UpstreamState.DOWN);
    bytes += submit(500);
    String down = scrape();
    assertThat(value(down, "gateway_jobs{state=\"submitted\"}")).isEqualTo(2);
    assertThat(value(down, "gateway_jobs{state=\"queued\"}")).isEqualTo(1);
    assertThat(value(down, "gateway_jobs{state=\"dead\"}")).isZero();
    assertThat(value(down, "gateway_submissions_total")).isEqualTo(3);
    assertThat(value(down, "gateway_queued_total")).isEqualTo(1);
    assertThat(value(down, "gateway_journaled_bytes_total")).isEqualTo(bytes);
    assertThat(value(down, "gateway_upstream_up")).isZero();
    assertThat(value(down, "gateway_oldest_unfinished_age_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(down).contains("gateway_callback_reregistrations_total{result=\"created\"}");
    assertThat(down).containsPattern("vertx_http_server_requests_total\\{.*\\} [1-9]");
    assertThat(down).containsPattern("vertx_http_client_requests_total\\{.*\\} [1-9]");

    simulator.comeBack().await();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> value(scrape(), "gateway_resubmissions_total{outcome=\"submitted\"}") == 1);
    String up = scrape();
    assertThat(value(up, "gateway_upstream_up")).isEqualTo(1);
    assertThat(value(up, "gateway_jobs{state=\"submitted\"}")).isEqualTo(3);
    assertThat(value(up, "gateway_jobs{state=\"queued\"}")).isZero();
  }

  private long submit(int size) {
    HttpResponse<Buffer> r = web.postAbs("http://127.0.0.1:" + gateway.port() + "/v1/recognitions")
        .putHeader("Authorization", TestGateway.AUTH).putHeader("Content-Type", "audio/wav")
        .sendBuffer(Buffer.buffer(new byte[size])).await();
    assertThat(r.statusCode()).isEqualTo(201);
    return size;
  }

  private String scrape() {
    HttpResponse<Buffer> r = web.getAbs("http://127.0.0.1:" + gateway.adminPort() + "/metrics")
        .putHeader("Authorization", "Bearer " + OpsClient.TOKEN).send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
    return r.bodyAsString();
  }

  /** The value of one series, e.g. {@code gateway_jobs{state="queued"}}. */
  private static double value(String text, String series) {
    String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
    String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    while (m.find()) {
      if (labels.isEmpty() || m.group(1) != null && m.group(1).contains(labels)) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no series " + series + " in:\n" + text.lines().filter(l -> l.startsWith(name))
        .reduce("", (a, b) -> a + b + "\n"));
  }
}
