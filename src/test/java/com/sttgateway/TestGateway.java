package com.sttgateway;

import com.sttgateway.config.ConfigLoader;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real gateway (embedded S3 server, one Hazelcast member) in front of a real simulator, both on ephemeral
 * ports. Blocking helpers for tests; close it in {@code @AfterEach}.
 */
public final class TestGateway implements AutoCloseable {

  public static final String AUTH = "Basic YXBpa2V5Ong="; // apikey:x

  public final Simulator simulator;
  public final Gateway gateway;

  private TestGateway(Simulator simulator, Gateway gateway) {
    this.simulator = simulator;
    this.gateway = gateway;
  }

  public static TestGateway start(Vertx vertx, Path dataDir) {
    return start(vertx, dataDir, SimulatorOptions.defaults(), Map.of());
  }

  public static TestGateway start(Vertx vertx, Path dataDir, SimulatorOptions sim, Map<String, String> extraEnv) {
    Simulator simulator = Simulator.start(vertx, sim).await();
    Map<String, String> env = baseEnv(dataDir);
    env.put("GATEWAY_UPSTREAM_URL", simulator.baseUrl());
    env.putAll(extraEnv);
    Gateway gateway = Gateway.start(vertx, ConfigLoader.load(null, env)).await();
    return new TestGateway(simulator, gateway);
  }

  /** Settings every test gateway uses: ephemeral ports, a private data folder and cluster. */
  public static Map<String, String> baseEnv(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("GATEWAY_HOST", "127.0.0.1");
    env.put("GATEWAY_PORT", "0");
    env.put("GATEWAY_ADMIN_PORT", "0");
    env.put("GATEWAY_DATA_DIR", dataDir.toString());
    env.put("GATEWAY_CLUSTER_NAME", "test-" + UUID.randomUUID());
    env.put("GATEWAY_CLUSTER_PORT", "0"); // alone, the member takes exactly its port: any free one in tests
    return env;
  }

  public static GatewayConfig config(Path dataDir, Map<String, String> extraEnv) {
    Map<String, String> env = baseEnv(dataDir);
    env.putAll(extraEnv);
    return ConfigLoader.load(null, env);
  }

  /**
   * One authenticated call through the gateway at {@code gatewayUrl}, so the upstream has accepted {@link #AUTH}
   * recently: the gateway then queues that credential's jobs while the upstream is down (P7).
   */
  public static void vouch(String gatewayUrl) {
    vouch(gatewayUrl, AUTH);
  }

  /** As {@link #vouch(String)}, for {@code authorization}. */
  public static void vouch(String gatewayUrl, String authorization) {
    try {
      java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(gatewayUrl + "/v1/models"))
              .header("Authorization", authorization).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET /v1/models answered " + r.statusCode());
      }
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + gateway.port();
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + gateway.adminPort();
  }

  @Override
  public void close() {
    gateway.close().await();
    simulator.close().await();
  }
}
