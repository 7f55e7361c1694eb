package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels clients choose (the HTTP method) cannot grow /metrics without bound. */
class MetricLabelsTest {

  @TempDir Path dataDir;
  private Vertx vertx;
  private Simulator simulator;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close().await();
    }
    if (simulator != null) {
      simulator.close().await();
    }
    vertx.close().await();
  }

  @Test
  void madeUpMethodsDoNotGrowTheMetrics() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = GatewayMetrics.vertxWithMetrics(registry);
    simulator = Simulator.start(vertx, SimulatorOptions.defaults()).await();
    Map<String, String> env = new HashMap<>(OpsClient.FAST);
    env.put("GATEWAY_UPSTREAM_URL", simulator.baseUrl());
    gateway = Gateway.start(vertx, TestGateway.config(dataDir, env), new GatewayMetrics(registry)).await();
    HttpClient http = vertx.createHttpClient();
    send(http, 0, 20);
    long before = registry.scrape().lines().count();

    send(http, 20, 200);

    String after = registry.scrape();
    assertThat(after).doesNotContain("M150");
    assertThat(after.lines().count()).isLessThanOrEqualTo(before + 40);
    assertThat(after).containsPattern("vertx_http_server_requests_total\\{.*method=\"other\".*\\} [1-9]");
  }

  /** Requests with made-up methods M{from}..M{to-1}, each answered before the next batch. */
  private void send(HttpClient http, int from, int to) {
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = from; i < to; i++) {
      answers.add(http.request(new RequestOptions().setMethod(HttpMethod.valueOf("M" + i)).setHost("127.0.0.1")
              .setPort(gateway.port()).setURI("/v1/models").putHeader("Authorization", TestGateway.AUTH))
          .compose(req -> req.send()).map(resp -> resp.statusCode()));
    }
    Future.join(answers).await();
  }
}
