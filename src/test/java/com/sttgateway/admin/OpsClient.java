package com.sttgateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A gateway with an ops token in front of the simulator, plus blocking helpers: submit jobs through the client
 * port as a client would, and call the admin port as an operator would. Close it in {@code @AfterEach}.
 */
final class OpsClient implements AutoCloseable {

  static final String TOKEN = "ops-test-token";
  /** Fast health probes; recovery's timer is left long so tests decide when recovery runs. */
  static final Map<String, String> FAST = Map.of(
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100",
      "GATEWAY_HEALTH_FAILURES_TO_DOWN", "2",
      "GATEWAY_HEALTH_SUCCESSES_TO_UP", "1",
      "GATEWAY_RECOVERY_BACKOFF_MILLIS", "100",
      "GATEWAY_OPS_TOKEN", TOKEN);

  final TestGateway env;
  final WebClient web;
  private final Random random = new Random(42);

  private OpsClient(TestGateway env, WebClient web) {
    this.env = env;
    this.web = web;
  }

  static OpsClient start(Vertx vertx, Path dataDir) {
    return start(vertx, dataDir, Map.of());
  }

  static OpsClient start(Vertx vertx, Path dataDir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(FAST);
    env.putAll(extra);
    TestGateway gateway = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults()
        .withWaiting(Duration.ofSeconds(30)), env);
    return new OpsClient(gateway, WebClient.create(vertx));
  }

  /** Submits random audio with {@code query} (may be "") under {@code auth}; returns the client's job id. */
  String submit(String query, String auth) {
    byte[] audio = new byte[300 + random.nextInt(200)];
    random.nextBytes(audio);
    HttpResponse<Buffer> r = web.postAbs(env.url() + "/v1/recognitions" + (query.isEmpty() ? "" : "?" + query))
        .putHeader("Authorization", auth).putHeader("Content-Type", "audio/wav")
        .sendBuffer(Buffer.buffer(audio)).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("id");
  }

  String submit() {
    return submit("", TestGateway.AUTH);
  }

  List<String> submitMany(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(submit());
    }
    return ids;
  }

  void upstreamDown() {
    TestGateway.vouch(env.url());
    TestGateway.vouch(env.url(), OpsQueriesTest.OTHER_TENANT);
    env.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);
  }

  void upstreamUp() {
    env.simulator.comeBack().await();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.UP);
  }

  HttpRequest<Buffer> request(HttpMethod method, String path) {
    return web.requestAbs(method, env.adminUrl() + path).putHeader("Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<Buffer> call(HttpMethod method, String path) {
    return request(method, path).send().await();
  }

  HttpResponse<Buffer> post(String path, String operator) {
    return request(HttpMethod.POST, path).putHeader("X-Operator", operator).send().await();
  }

  JsonObject json(HttpMethod method, String path, int expectedStatus) {
    HttpResponse<Buffer> r = call(method, path);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.bodyAsString()).isEqualTo(expectedStatus);
    return r.bodyAsJsonObject();
  }

  JsonObject get(String path) {
    return json(HttpMethod.GET, path, 200);
  }

  /** The ids on one page of {@code /ops/jobs?query}. */
  List<String> ids(String query) {
    JsonArray jobs = get("/ops/jobs?" + query).getJsonArray("jobs");
    List<String> ids = new ArrayList<>();
    jobs.forEach(j -> ids.add(((JsonObject) j).getString("id")));
    return ids;
  }

  JsonObject job(String id) {
    return get("/ops/jobs/" + id);
  }

  @Override
  public void close() {
    env.close();
    web.close();
  }
}
