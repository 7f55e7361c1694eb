package com.sttgateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, items 1, 6, 8 and 12: what an anonymous or careless client can no longer make the gateway do. */
@ExtendWith(VertxExtension.class)
class HostileSubmitTest {

  private static final Map<String, String> FAST = Map.of(
      "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100",
      "GATEWAY_HEALTH_FAILURES_TO_DOWN", "2",
      "GATEWAY_HEALTH_SUCCESSES_TO_UP", "1");

  @TempDir Path dataDir;
  private TestGateway env;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void whileTheUpstreamIsDownOnlyACredentialItAcceptedRecentlyQueuesAJob(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), FAST);
    TestGateway.vouch(env.url());
    env.simulator.goDown(DownMode.REFUSE).await();
    await().atMost(Duration.ofSeconds(5)).until(() -> env.gateway.health().state() == UpstreamState.DOWN);

    HttpResponse<String> anonymous = submit("/v1/recognitions", null, Map.of());
    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
    assertThat(new JsonObject(anonymous.body()).getInteger("code")).isEqualTo(401);
    HttpResponse<String> stranger = submit("/v1/recognitions", "Basic c3RyYW5nZXI6a2V5", Map.of());
    assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(503);
    assertThat(stranger.headers().firstValue("Retry-After")).isPresent();
    HttpResponse<String> known = submit("/v1/recognitions", TestGateway.AUTH, Map.of());
    assertThat(known.statusCode()).as(known.body()).isEqualTo(201);

    assertThat(env.gateway.journal().findByState(EnumSet.allOf(JobState.class)).await()).hasSize(1);
    assertThat(env.gateway.store().list("audio/").await()).hasSize(1);
  }

  @Test
  void aMalformedQueryIsRefusedWith400AndNeverQueuedNorCountedAgainstTheUpstream(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), FAST);
    for (String path : new String[] {"/v1/recognitions?%", "/v1/recognitions?callback_url=%",
        "/v1/recognitions?model=%zz"}) {
      for (int i = 0; i < 5; i++) {
        Answer r = raw(vertx, HttpMethod.POST, path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).contains("malformed query");
      }
    }
    assertThat(env.gateway.health().state()).isEqualTo(UpstreamState.UP);
    assertThat(env.simulator.stats().jobsCreated()).isZero();
    // The simulator too calls a malformed query the client's error, as a 400, never a 500 that reads as an outage.
    assertThat(raw(vertx, env.simulator.port(), HttpMethod.POST, "/v1/recognitions?%").status()).isEqualTo(400);
    assertThat(env.gateway.journal().findByState(EnumSet.allOf(JobState.class)).await()).isEmpty();
  }

  @Test
  void aMalformedCallbackRegistrationIsAnswered400(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), FAST);
    for (String path : new String[] {"/v1/register_callback?%zz=1", "/v1/unregister_callback?%zz=1",
        "/v1/register_callback?callback_url=%"}) {
      Answer r = raw(vertx, HttpMethod.POST, path);
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("code_description")).isEqualTo("Bad Request");
    }
  }

  @Test
  void theJobUrlNeverCarriesAHostileHostOrScheme(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(), FAST);
    HttpResponse<String> r = submit("/v1/recognitions", TestGateway.AUTH,
        Map.of("X-Forwarded-Proto", "javascript:alert(1)//"));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(r.body()).getString("url")).startsWith(env.url() + "/v1/recognitions/");
  }

  record Answer(int status, String body) {}

  /** A request with the path and query exactly as given (java.net.URI refuses malformed escapes). */
  private Answer raw(Vertx vertx, HttpMethod method, String pathAndQuery) {
    return raw(vertx, env.gateway.port(), method, pathAndQuery);
  }

  private static Answer raw(Vertx vertx, int port, HttpMethod method, String pathAndQuery) {
    HttpClientAgent client = vertx.createHttpClient();
    try {
      return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1")
              .setPort(port).setURI(pathAndQuery).setTimeout(10_000))
          .compose(req -> req.putHeader("Authorization", TestGateway.AUTH).putHeader("Content-Type", "audio/wav")
              .send(Buffer.buffer(new byte[4_000]))
              .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString()))))
          .await();
    } finally {
      client.close().await();
    }
  }

  private HttpResponse<String> submit(String path, String authorization, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(env.url() + path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4_000]));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
